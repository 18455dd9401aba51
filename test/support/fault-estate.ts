/**
 * The estate and the truth checks the chaos tests share: N idle endpoints on the
 * emulator, a sweep runner with fixed clocks, and readers of what really happened
 * in AWS (endpoints left, messages published) and in the ledger.
 */
import { IdleEndpointSweep } from '../../lib/sweeps/idle-endpoints/index.js';
import { paginateListEndpoints, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { inject } from 'vitest';
import type { AwsClients } from '../../lib/aws/clients.js';
import { fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig } from '../../lib/config.js';
import type { SeedEndpoint } from '../../lib/local/seed-endpoints.js';
import { runConfiguredSweep } from '../../lib/runtime.js';
import { CREDENTIALS, emulator, ledgerItems, REGION } from './integration.js';

/** The chaos tests' clock origin. */
export const T0 = new Date('2026-11-23T09:00:00Z');

/** Apply mode, 24 h grace, the emulator's region. */
export const CHAOS_CONFIG = parseConfig({ regions: [REGION], sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } } });

const OWNERS = ['ana@example.com', 'raj@example.com', 'kim@example.com'];

/** `count` idle endpoints `idle-00`..., 30 days old, no traffic, three owners. */
export function idleEstate(count: number): SeedEndpoint[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `idle-${String(i).padStart(2, '0')}`,
    variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 }],
    ageDays: 30,
    tags: { owner: OWNERS[i % OWNERS.length]!, team: 'risk', env: 'staging' },
  }));
}

/** One apply-mode run of idle-endpoints at `at` with `clients`. */
export function chaosSweep(at: Date, env: Record<string, string>, clients: AwsClients): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: IdleEndpointSweep, config: CHAOS_CONFIG, mode: 'apply', clock: fixedClock(at), env, clients });
}

/** Resource ids of a report's findings with `decision`. */
export function withDecision(report: SweepReport, decision: string): string[] {
  return report.findings
    .filter((f) => f.decision === decision)
    .map((f) => f.resourceId)
    .sort();
}

/** Resource ids named in a report's errors. */
export function failed(report: SweepReport): Set<string> {
  return new Set(report.errors.flatMap((e) => (e.resourceId ? [e.resourceId] : [])));
}

/** Which of `names` still exist on the emulator. */
export async function existing(names: readonly string[]): Promise<string[]> {
  const client = new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
  const all = new Set<string>();
  for await (const page of paginateListEndpoints({ client }, {})) for (const e of page.Endpoints ?? []) all.add(e.EndpointName!);
  return names.filter((name) => all.has(name)).sort();
}

/** Resource ids listed in published owner messages, by event (`pending`, `acted`, ...), each id once per message. */
export async function notified(event: string): Promise<string[]> {
  const messages = await emulator().publishedMessages();
  return messages
    .filter((m) => (JSON.parse(m.messageAttributes.event?.value ?? '[]') as string[]).includes(event))
    .flatMap((m) => sectionIds(m.message, event))
    .sort();
}

/** The resource ids under one event's section of a plain-text notice. */
function sectionIds(message: string, event: string): string[] {
  const heading = { pending: 'SCHEDULED', acted: 'DONE', protected: 'PROTECTED' }[event] ?? event.toUpperCase();
  const ids: string[] = [];
  let inSection = false;
  for (const line of message.split('\n')) {
    if (/^[A-Z]+: /.test(line)) inSection = line.startsWith(`${heading}:`);
    const item = /^ {2}\* (\S+) /.exec(line);
    if (inSection && item) ids.push(item[1]!);
  }
  return ids;
}

/** The ledger's state items of the idle-endpoints sweep, by endpoint name. */
export async function ledgerStates(table: string): Promise<Map<string, Record<string, unknown>>> {
  const items = await ledgerItems(table);
  return new Map(
    items.filter((i) => i.kind === 'state' && i.sk === 'STATE#idle-endpoints').map((i) => [(i.ref as { resourceId: string }).resourceId, i] as const),
  );
}

/** Action records in the ledger, by endpoint name (a list: more than one would be a double action). */
export async function ledgerActions(table: string): Promise<Map<string, Record<string, unknown>[]>> {
  const byResource = new Map<string, Record<string, unknown>[]>();
  for (const item of await ledgerItems(table)) {
    if (item.kind !== 'action') continue;
    const id = (item.ref as { resourceId: string }).resourceId;
    byResource.set(id, [...(byResource.get(id) ?? []), item]);
  }
  return byResource;
}
