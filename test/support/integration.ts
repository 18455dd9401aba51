/**
 * Shared setup of the integration tests: the emulator started by the global setup,
 * a fresh deployment (ledger table + topics) and the demo estate, per test.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { AwsClients } from '../../lib/aws/clients.js';
import { connectLocalEmulator } from '../../lib/local/emulator.js';
import { deploymentEnv, initLocal, type LocalDeployment } from '../../lib/local/init-local.js';
import { demoEstate, seedEndpoints, type SeedEndpoint } from '../../lib/local/seed-endpoints.js';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;

/** The emulator of this test run. */
export function emulator() {
  return connectLocalEmulator(inject('emulatorEndpoint'));
}

/** Clients on the emulator; `extra` adds SDK config (e.g. fewer retry attempts). */
export function emulatorClients(extra: Record<string, unknown> = {}): AwsClients {
  return new AwsClients({ endpoint: inject('emulatorEndpoint'), maxAttempts: 3, extra: { credentials: CREDENTIALS, ...extra } });
}

/** Resets the emulator, creates a deployment and seeds `estate` as of `now`. */
export async function freshEstate(now: Date, estate: SeedEndpoint[] = demoEstate()): Promise<{ deployment: LocalDeployment; env: Record<string, string> }> {
  const emu = emulator();
  await emu.reset();
  const deployment = await initLocal({ endpoint: emu.endpoint, region: REGION, prefix: 'it' });
  await seedEndpoints({ endpoint: emu.endpoint, region: REGION, control: (p, b) => emu.control(p, b), endpoints: estate, now });
  return { deployment, env: { ...deploymentEnv(deployment), AWS_REGION: REGION } };
}

/** Every item in the ledger table. */
export async function ledgerItems(table: string): Promise<Record<string, unknown>[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS }));
  const out = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return (out.Items ?? []) as Record<string, unknown>[];
}
