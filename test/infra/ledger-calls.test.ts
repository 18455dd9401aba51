/**
 * The ledger permissions of infra/iam-ledger.ts against what the code calls:
 * each `DynamoDbLedger` method runs against a client whose middleware records the
 * DynamoDB operation (and index) and answers empty, and the methods the sweep and
 * digest code call are read from their sources. A new call (say a re-read after a
 * failed condition) fails here until its IAM action is granted, and a grant the
 * code no longer needs fails too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { LedgerWrite } from '../../lib/core/ledger-records.js';
import { DynamoDbLedger } from '../../lib/ledger/dynamodb-ledger.js';
import { DIGEST_LEDGER_READS, ledgerAccess, SWEEP_LEDGER_READS, SWEEP_LEDGER_WRITES, type LedgerAccess } from '../../infra/iam-ledger.js';

/** IAM actions of each operation; a transaction's items are authorized as their own actions. */
const ACTION_OF: Record<string, string> = {
  GetItemCommand: 'dynamodb:GetItem',
  BatchGetItemCommand: 'dynamodb:BatchGetItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  BatchWriteItemCommand: 'dynamodb:BatchWriteItem',
};
const TRANSACT_ITEM_ACTION: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

type Calls = Map<string, Set<string>>;

/** A ledger whose client records `resource -> actions` and answers every operation with nothing. */
function recordingLedger(): { ledger: DynamoDbLedger; calls: Calls } {
  const calls: Calls = new Map();
  const record = (resource: string, action: string) => calls.set(resource, (calls.get(resource) ?? new Set()).add(action));
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input = args.input as { IndexName?: string; TransactItems?: Record<string, unknown>[] };
      const command = context.commandName ?? '';
      if (command === 'TransactWriteItemsCommand' || command === 'TransactGetItemsCommand') {
        for (const item of input.TransactItems ?? []) for (const kind of Object.keys(item)) record('table', TRANSACT_ITEM_ACTION[kind]!);
      } else {
        record(input.IndexName ?? 'table', ACTION_OF[command] ?? `unknown:${command}`);
      }
      return { output: { $metadata: {} } as never, response: {} };
    },
    { step: 'build', name: 'recordLedgerCall' },
  );
  return { ledger: new DynamoDbLedger('ledger', client), calls };
}

const ref = { resourceType: 'sagemaker:endpoint', region: 'us-east-1', resourceId: 'ep-1', arn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/ep-1' };

/** Calls one ledger method with harmless arguments; the recording client answers empty. */
const CALL: Record<string, (ledger: DynamoDbLedger) => Promise<unknown>> = {
  getStates: (l) => l.getStates('idle-endpoints', [ref]),
  listOpen: (l) => l.listOpen('idle-endpoints', 'us-east-1'),
  commit: (l) => l.commit(sampleWrite()),
  getAction: (l) => l.getAction('act-1'),
  history: (l) => l.history(ref),
  recordRun: (l) => l.recordRun(sampleRun()),
  listActions: (l) => l.listActions('2026-01-01T00:00:00.000Z'),
  weekRecords: (l) => l.weekRecords('2026-W01'),
  firstRun: (l) => l.firstRun('idle-endpoints'),
};

/** What the given ledger methods call, as an access. */
async function accessOf(methods: readonly string[]): Promise<LedgerAccess> {
  const { ledger, calls } = recordingLedger();
  for (const method of methods) await CALL[method]!(ledger);
  return Object.fromEntries([...calls].map(([resource, actions]) => [resource, [...actions].sort()]));
}

const sorted = (access: LedgerAccess) => Object.fromEntries(Object.entries(access).map(([r, a]) => [r, [...a].sort()]));

/** Ledger methods called (`.<method>(`) in these source files or folders. */
function methodsCalledIn(...paths: string[]): string[] {
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => walk(join(path, f))) : path.endsWith('.ts') ? [path] : [];
  const files = paths.flatMap(walk);
  const source = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  return Object.keys(CALL).filter((method) => new RegExp(`\\.${method}\\(`).test(source));
}

describe('ledger permissions match the calls', () => {
  it('knows every method of the ledger port', () => {
    const methods = Object.getOwnPropertyNames(DynamoDbLedger.prototype).filter((m) => m !== 'constructor');
    expect(methods.sort()).toEqual(Object.keys(CALL).sort());
  });

  it('sweep Lambda (engine, runtime, budgets): exactly SWEEP_LEDGER_READS + SWEEP_LEDGER_WRITES', async () => {
    const methods = methodsCalledIn('lib/engine', 'lib/runtime', 'lib/budgets', 'lib/notices', 'lib/lambda/sweep-handler.ts');
    expect(methods).toEqual(expect.arrayContaining(['getStates', 'listOpen', 'commit', 'getAction', 'recordRun']));
    expect(await accessOf(methods)).toEqual(sorted(ledgerAccess(SWEEP_LEDGER_READS, SWEEP_LEDGER_WRITES)));
  });

  it('sweep in report mode reads only: what getStates and listOpen call', async () => {
    expect(await accessOf(['getStates', 'listOpen'])).toEqual(sorted(SWEEP_LEDGER_READS));
  });

  it('digest Lambda: exactly DIGEST_LEDGER_READS', async () => {
    const methods = methodsCalledIn('lib/digest', 'lib/lambda/digest-handler.ts');
    expect(methods.sort()).toEqual(['firstRun', 'getStates', 'listActions', 'listOpen', 'weekRecords']);
    expect(await accessOf(methods)).toEqual(sorted(DIGEST_LEDGER_READS));
  });
});

function sampleWrite(): LedgerWrite {
  return {
    event: { ref, sweep: 'idle-endpoints', type: 'detected', at: '2026-01-01T00:00:00.000Z', runId: 'run-1', detail: 'x', actionId: null },
  } as unknown as LedgerWrite;
}

function sampleRun(): Parameters<DynamoDbLedger['recordRun']>[0] {
  return {
    sweep: 'idle-endpoints',
    runId: 'run-1',
    startedAt: '2026-01-01T00:00:00.000Z',
    mode: 'apply',
    regions: ['us-east-1'],
    errors: 0,
    findings: {},
  } as unknown as Parameters<DynamoDbLedger['recordRun']>[0];
}
