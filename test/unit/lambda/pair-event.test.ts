import { describe, expect, it } from 'vitest';
import { pairEventOf } from '../../../lib/lambda/pair-event.js';

describe('pairEventOf: what the sweep Lambda takes from a Map item', () => {
  it('reads a pair, with its name and the Catch failure when present', () => {
    expect(pairEventOf({ accountId: '111122223333', region: 'us-east-1' })).toEqual({ accountId: '111122223333', region: 'us-east-1' });
    expect(
      pairEventOf({ accountId: '111122223333', region: 'us-east-1', accountName: 'ml', failure: { error: 'States.TaskFailed', cause: { errorMessage: 'x' } } }),
    ).toEqual({ accountId: '111122223333', region: 'us-east-1', accountName: 'ml', failure: { error: 'States.TaskFailed', cause: '{"errorMessage":"x"}' } });
  });

  it('is undefined for a scheduled event or anything that is not a pair', () => {
    for (const event of [undefined, null, {}, { 'detail-type': 'Scheduled Event' }, { accountId: '123', region: 'us-east-1' }, { accountId: '111122223333' }])
      expect(pairEventOf(event)).toBeUndefined();
  });
});
