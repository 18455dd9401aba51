import { describe, expect, it } from 'vitest';
import { LedgerItemInvalidError } from '../../../lib/core/errors.js';
import { actionFromItem, actionItem, eventFromItem, eventItem, stateFromItem, stateItem } from '../../../lib/ledger/item-mapping.js';
import { actionOf, eventOf, stateOf } from '../../support/ledger-contract.js';

describe('ledger items', () => {
  it('parse back into the records they were made of, without their key attributes', () => {
    const state = stateOf('a', { noticePending: 'acted', hold: null, decision: 'flagged' });
    expect(stateFromItem(stateItem(state))).toEqual(state);
    const { restoreStartedAt: _r, ...action } = actionOf('act-1');
    expect(actionFromItem(actionItem(action))).toEqual(action);
    const event = eventOf(state, 'detected', '2026-11-16T09:00:00.000Z');
    expect(eventFromItem(eventItem(event, 3))).toEqual(event);
  });

  it('list a state with the open findings while open or while its notice is undelivered', () => {
    expect(stateItem(stateOf('a'))).toMatchObject({ gsi4pk: 'OPEN#things#us-east-1' });
    expect(stateItem(stateOf('a', { status: 'acted' }))).not.toHaveProperty('gsi4pk');
    expect(stateItem(stateOf('a', { status: 'acted', noticePending: 'acted' }))).toHaveProperty('gsi4pk');
  });

  it('that are malformed fail with their key and every wrong field', () => {
    const item = { ...stateItem(stateOf('a')), savings: { hourlyUsd: '1', monthlyUsd: null, components: [], unknown: [] }, owner: undefined };
    expect(() => stateFromItem(item)).toThrow(LedgerItemInvalidError);
    expect(() => stateFromItem(item)).toThrow(
      'Ledger item RES#test:thing#us-east-1#a / STATE#things is malformed: owner: expected string; savings.hourlyUsd: expected number',
    );
    expect(() => actionFromItem({ pk: 'ACTION#act-1', sk: 'ACTION', kind: 'action' })).toThrow(
      /ACTION#act-1 \/ ACTION is malformed: actionId: expected string/,
    );
  });
});
