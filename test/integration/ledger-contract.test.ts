import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LedgerItemInvalidError } from '../../lib/core/errors.js';
import { DynamoDbLedger } from '../../lib/ledger/dynamodb-ledger.js';
import { stateItem } from '../../lib/ledger/item-mapping.js';
import { ledgerTableRequest } from '../../lib/ledger/table-design.js';
import { describeLedgerContract, ref, stateOf } from '../support/ledger-contract.js';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

let client: DynamoDBClient;
let tables = 0;

/** A new, empty ledger table of the deployed design. */
async function freshTable(): Promise<string> {
  const name = `contract-ledger-${++tables}`;
  await client.send(new CreateTableCommand(ledgerTableRequest(name)));
  return name;
}

beforeAll(async () => {
  await emulator().reset();
  client = new DynamoDBClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
});

describeLedgerContract('DynamoDB (emulator)', async () => new DynamoDbLedger(await freshTable(), client));

describe('the DynamoDB ledger reads items through their schema', () => {
  it('fails on a malformed item with a typed error naming its key and field', async () => {
    const table = await freshTable();
    const doc = DynamoDBDocumentClient.from(client);
    const item = stateItem(stateOf('bad'));
    await doc.send(new PutCommand({ TableName: table, Item: { ...item, version: 'two', status: 'sleeping' } }));
    const read = new DynamoDbLedger(table, client).getStates('things', [ref('bad')]);
    await expect(read).rejects.toBeInstanceOf(LedgerItemInvalidError);
    await expect(read).rejects.toMatchObject({
      code: 'LEDGER_ITEM_INVALID',
      key: `${String(item.pk)} / ${String(item.sk)}`,
      message: expect.stringMatching(/status: expected one of .*version: expected number/),
    });
  });
});
