import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config.js';

const issues = (accounts: unknown) => {
  try {
    parseConfig({ accounts });
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').slice(1);
  }
};

describe('config accounts', () => {
  it('defaults the role name and keeps a valid organization or list', () => {
    expect(parseConfig({ accounts: { source: 'organization' } }).accounts).toEqual({ source: 'organization', roleName: 'FinOpsAiMember' });
    expect(
      parseConfig({ accounts: { source: 'list', ids: ['111122223333'], externalId: 'ext-1', protectedAccountIds: ['111122223333'] } }).accounts,
    ).toMatchObject({
      ids: ['111122223333'],
      externalId: 'ext-1',
    });
    expect(parseConfig({}).accounts).toBeUndefined();
  });

  it('names what is wrong, with the value it got', () => {
    expect(issues({ source: 'list' })).toEqual(['  - accounts.ids: source "list" needs the account ids to sweep']);
    expect(issues({ source: 'list', ids: ['1234', '111122223333'] })).toEqual(['  - accounts.ids.0: "1234" is not a 12-digit AWS account id']);
    expect(issues({ source: 'organization', ids: ['111122223333'] })[0]).toMatch(/accounts.ids: only with source "list"/);
    expect(issues({ source: 'organization', organizationalUnits: ['ou-x'] })[0]).toMatch(/"ou-x" is not an organizational unit id/);
    expect(issues({ source: 'list', ids: ['111122223333', '111122223333'] })).toEqual([
      '  - accounts.ids.1: "111122223333" is already listed at accounts.ids.0',
    ]);
    expect(issues({ source: 'list', ids: ['111122223333'], excludeIds: ['111122223333'] })).toEqual([
      '  - accounts.ids.0: "111122223333" is also in accounts.excludeIds',
    ]);
    expect(issues({ source: 'organization', roleName: 'bad role' })[0]).toMatch(/"bad role" is not an IAM role name/);
    expect(issues({ source: 'everything' })[0]).toMatch(/accounts.source/);
  });
});
