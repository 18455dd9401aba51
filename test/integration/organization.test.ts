/**
 * An organization on the emulator, swept from the hub: two member accounts with the
 * FinOpsAiMember role (the same endpoint names in both), one account without it, the
 * hub itself. Idle endpoints found, warned, acted on and restored in each member
 * account through its role; the account without a role reported as a failed pair,
 * named, while the others complete; notices and the digest name the accounts.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import { parseConfig } from '../../lib/config.js';
import { digestFromEnv } from '../../lib/digest/run-digest.js';
import { renderCsv } from '../../lib/digest/render-csv.js';
import { renderText } from '../../lib/digest/render-text.js';
import { deploymentEnv, initLocal } from '../../lib/local/init-local.js';
import { EMULATOR_HUB_ACCOUNT, memberCredentials, seedMemberRole, seedOrganization } from '../../lib/local/seed-org.js';
import { createPairsHandler } from '../../lib/lambda/pairs-handler.js';
import { createSweepHandler } from '../../lib/lambda/sweep-handler.js';
import { closeAccount } from '../../lib/local/seed-org.js';
import { listSweepPairs, restoreFromEnv, sweepAccounts, type AccountsSweepReport } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { emulator, emulatorClients, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const EXTERNAL_ID = 'finops-it-2026';
const config = parseConfig({
  regions: [REGION],
  pricing: { live: false },
  accounts: { source: 'organization', externalId: EXTERNAL_ID },
  sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } },
});

let env: Record<string, string>;
let ids: { sandbox: string; risk: string; noRole: string };

const estate = (owner: string) => [
  { name: 'churn-model-v1', instanceType: 'ml.g4dn.xlarge', ageDays: 30, tags: { owner, team: 'risk' } },
  {
    name: 'busy-model',
    instanceType: 'ml.g4dn.xlarge',
    ageDays: 30,
    tags: { owner },
    invocations: [1, 2, 3, 4, 5, 6].map((d) => ({ daysAgo: d, count: 5000 })),
  },
];

function sweep(at: Date): Promise<AccountsSweepReport> {
  return sweepAccounts({
    sweep: sweepNamed('idle-endpoints'),
    config,
    mode: 'apply',
    clock: fixedClock(at),
    clients: emulatorClients(),
    env,
    concurrency: 4,
    retry: { attempts: 2, intervalMs: 1 },
  });
}

async function endpointsIn(accountId: string): Promise<string[]> {
  const credentials = await memberCredentials({ endpoint: inject('emulatorEndpoint'), region: REGION }, accountId);
  const out = await new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials }).send(new ListEndpointsCommand({}));
  return (out.Endpoints ?? []).map((e) => e.EndpointName!).sort();
}

beforeEach(async () => {
  const emu = emulator();
  await emu.reset();
  const deployment = await initLocal({ endpoint: emu.endpoint, region: REGION, prefix: 'org' });
  env = { ...deploymentEnv(deployment), AWS_REGION: REGION };
  const target = { endpoint: emu.endpoint, region: REGION };
  const { accounts } = await seedOrganization(target, ['ml-sandbox', 'team-risk', 'no-role']);
  ids = { sandbox: accounts.get('ml-sandbox')!, risk: accounts.get('team-risk')!, noRole: accounts.get('no-role')! };
  for (const id of [ids.sandbox, ids.risk]) await seedMemberRole((p, b) => emu.control(p, b), id, { name: 'FinOpsAiMember', externalId: EXTERNAL_ID });
  await emu.control('sagemaker/bulk-endpoints', { accountId: ids.sandbox, region: REGION, now: T0.toISOString(), endpoints: estate('ana@example.com') });
  await emu.control('sagemaker/bulk-endpoints', { accountId: ids.risk, region: REGION, now: T0.toISOString(), endpoints: estate('lee@example.com') });
});

describe('an organization swept from the hub', () => {
  it('finds, acts on and restores idle endpoints in two member accounts; the account without a role fails, named', async () => {
    const first = await sweep(T0);
    // Every pair ran; the account without the role failed alone, named.
    expect(first.pairs.map((p) => [p.accountId, p.status]).sort()).toEqual(
      [
        [EMULATOR_HUB_ACCOUNT, 'ok'],
        [ids.sandbox, 'ok'],
        [ids.risk, 'ok'],
        [ids.noRole, 'failed'],
      ].sort(),
    );
    const failed = first.pairs.find((p) => p.accountId === ids.noRole)!;
    expect(failed.error).toContain(`AccountAccessError: Account ${ids.noRole}: cannot assume arn:aws:iam::${ids.noRole}:role/FinOpsAiMember: AccessDenied`);
    expect(first.errors).toEqual([expect.objectContaining({ accountId: ids.noRole, region: REGION, stage: 'account' })]);
    expect(first.pairs.find((p) => p.accountId === ids.sandbox)).toMatchObject({ accountName: 'ml-sandbox', findings: { pending: 1 }, errors: 0 });

    // The same endpoint name in two accounts: two findings, each with its own account and ARN.
    const pending = first.findings.filter((f) => f.resourceId === 'churn-model-v1');
    expect(pending.map((f) => [f.accountId, f.accountName, f.arn, f.decision]).sort()).toEqual(
      [
        [ids.sandbox, 'ml-sandbox', `arn:aws:sagemaker:${REGION}:${ids.sandbox}:endpoint/churn-model-v1`, 'pending'],
        [ids.risk, 'team-risk', `arn:aws:sagemaker:${REGION}:${ids.risk}:endpoint/churn-model-v1`, 'pending'],
      ].sort(),
    );
    const states = (await ledgerItems(env.FINOPS_LEDGER_TABLE!)).filter((i) => i.kind === 'state');
    expect(states.map((s) => s.pk).sort()).toEqual(
      [`RES#${ids.risk}#sagemaker:endpoint#${REGION}#churn-model-v1`, `RES#${ids.sandbox}#sagemaker:endpoint#${REGION}#churn-model-v1`].sort(),
    );

    // Each owner's notice names the account its resources are in.
    const notices = await emulator().publishedMessages();
    const ana = notices.find((n) => n.messageAttributes.owner?.value === 'ana@example.com')!;
    expect(ana.message).toContain(`Account: ml-sandbox (${ids.sandbox}).`);
    expect(ana.messageAttributes.account?.value).toBe(`ml-sandbox (${ids.sandbox})`);
    expect(notices.find((n) => n.messageAttributes.owner?.value === 'lee@example.com')!.message).toContain(`Account: team-risk (${ids.risk}).`);

    // After the grace period: acted in both member accounts, through their roles.
    const due = await sweep(addHours(T0, 25));
    const acted = due.findings.filter((f) => f.decision === 'acted');
    expect(acted.map((f) => f.accountId).sort()).toEqual([ids.sandbox, ids.risk].sort());
    expect(await endpointsIn(ids.sandbox)).toEqual(['busy-model']);
    expect(await endpointsIn(ids.risk)).toEqual(['busy-model']);

    // Restore from the hub: only the sandbox's endpoint comes back, through its role.
    const sandboxAction = acted.find((f) => f.accountId === ids.sandbox)!.actionId!;
    const restored = await restoreFromEnv({
      actionId: sandboxAction,
      clock: fixedClock(addHours(T0, 26)),
      config,
      sweepNamed,
      env,
      clients: emulatorClients(),
    });
    expect(restored).toMatchObject({ accountId: ids.sandbox, roleName: 'FinOpsAiMember', restoredResourceId: 'churn-model-v1', hoursInForce: 1 });
    expect(await endpointsIn(ids.sandbox)).toEqual(['busy-model', 'churn-model-v1']);
    expect(await endpointsIn(ids.risk)).toEqual(['busy-model']);

    // The digest names the accounts: showback by account, lines, failed runs, the CSV.
    const digest = await digestFromEnv({ config, now: addHours(T0, 27), week: '2026-W48', env, clients: emulatorClients() });
    const rows = Object.fromEntries((digest.accounts?.rows ?? []).map((r) => [r.accountName ?? r.accountId, r]));
    expect(rows['ml-sandbox']).toMatchObject({ accountId: ids.sandbox, actions: 1, failedRuns: 0 });
    expect(rows['team-risk']).toMatchObject({ accountId: ids.risk, actions: 1, projectedMonthlyUsd: 537.57 });
    expect(rows['no-role']).toMatchObject({ accountId: ids.noRole, failedRuns: 2, actions: 0 });
    expect(digest.actions.map((a) => [a.accountName, a.resourceId]).sort()).toEqual([
      ['ml-sandbox', 'churn-model-v1'],
      ['team-risk', 'churn-model-v1'],
    ]);
    const text = renderText(digest);
    expect(text).toContain('Showback by account');
    expect(text).toMatch(new RegExp(`ml-sandbox \\(${ids.sandbox}\\)`));
    expect(text).toContain(`no-role (${ids.noRole})/${REGION} [account] AccountAccessEr`);
    if (process.env.FINOPS_SHOW_DIGEST) console.log(text);
    expect(renderCsv(digest)).toContain(`,${ids.risk},team-risk`);
  });

  it('through the CLI: --accounts IDs, JSON with accountId on each finding, exit 3 when an account cannot be reached', async () => {
    const file = join(tmpdir(), `finops-org-${process.pid}.json`);
    await writeFile(
      file,
      JSON.stringify({ regions: [REGION], pricing: { live: false }, accounts: { source: 'list', ids: [ids.risk], externalId: EXTERNAL_ID } }),
    );
    const result = await promisify(execFile)(
      process.execPath,
      [
        'bin/finops-ai.mjs',
        'sweep',
        'idle-endpoints',
        '--json',
        '--config',
        file,
        '--accounts',
        `${ids.sandbox},${ids.noRole}`,
        '--role-name',
        'FinOpsAiMember',
        '--now',
        T0.toISOString(),
      ],
      {
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: inject('emulatorEndpoint'),
          AWS_REGION: REGION,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
        },
      },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: unknown) => e as { code: number; stdout: string; stderr: string },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`account ${ids.noRole} (${REGION}) failed`);
    const doc = JSON.parse(result.stdout) as AccountsSweepReport;
    expect(doc.findings.map((f) => [f.resourceId, f.accountId, f.decision])).toEqual([['churn-model-v1', ids.sandbox, 'pending']]);
    expect(doc.pairs.map((p) => [p.accountId, p.status])).toEqual([
      [ids.sandbox, 'ok'],
      [ids.noRole, 'failed'],
    ]);
  }, 60_000);

  it('lists pairs: OUs nested, a closed account and an excluded one skipped, an opt-in region only where enabled', async () => {
    const emu = emulator();
    await emu.reset(); // an organization of its own
    const target = { endpoint: emu.endpoint, region: REGION };
    const { accounts, ouId } = await seedOrganization(target, ['ou-a', 'ou-b', 'ou-closed'], { ou: 'ml' });
    const [a, b, closed] = ['ou-a', 'ou-b', 'ou-closed'].map((n) => accounts.get(n)!) as [string, string, string];
    for (const id of [a, b]) await seedMemberRole((p, body) => emu.control(p, body), id, { name: 'FinOpsAiMember' });
    await closeAccount(target, closed);
    await emu.control('ec2/region-opt-in', { accountId: a, region: 'me-south-1', status: 'opted-in' });
    const orgConfig = parseConfig({ regions: [REGION, 'me-south-1'], accounts: { source: 'organization', organizationalUnits: [ouId!], excludeIds: [b] } });
    const listed = await listSweepPairs(orgConfig, { clients: emulatorClients(), sweep: sweepNamed('idle-endpoints'), env });
    expect(listed.pairs).toEqual([
      { sweep: 'idle-endpoints', accountId: a, accountName: 'ou-a', region: REGION },
      { sweep: 'idle-endpoints', accountId: a, accountName: 'ou-a', region: 'me-south-1' },
    ]);
    expect(listed.skipped).toEqual(
      expect.arrayContaining([
        { accountId: b, region: null, reason: 'excluded by accounts.excludeIds' },
        { accountId: closed, region: null, reason: 'account is SUSPENDED, not ACTIVE' },
      ]),
    );

    // The pairs Lambda: the same list for a sweep named in its event; a global sweep covers its one region.
    const pairs = createPairsHandler({ config: orgConfig, clients: emulatorClients() });
    expect(
      (await pairs({ sweep: 'idle-endpoints' }, { invokedFunctionArn: `arn:aws:lambda:${REGION}:${EMULATOR_HUB_ACCOUNT}:function:pairs` })).pairs,
    ).toHaveLength(2);
    await expect(pairs({ sweep: 'no-such-sweep' })).rejects.toThrow(/no-such-sweep/);
  });

  it('the sweep Lambda: a pair event sweeps that pair; a failure event records the failed run, named', async () => {
    for (const [name, value] of Object.entries({
      ...env,
      AWS_ENDPOINT_URL: inject('emulatorEndpoint'),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    }))
      vi.stubEnv(name, value);
    try {
      const handler = createSweepHandler(sweepNamed('idle-endpoints'), { config, clock: fixedClock(T0) });
      const context = { invokedFunctionArn: `arn:aws:lambda:${REGION}:${EMULATOR_HUB_ACCOUNT}:function:sweep`, getRemainingTimeInMillis: () => 600_000 };
      const invoke = (event: unknown) => (handler as unknown as (e: unknown, c: unknown) => Promise<unknown>)(event, context);
      expect(await invoke({ accountId: ids.risk, region: REGION, accountName: 'team-risk' })).toEqual({
        sweep: 'idle-endpoints',
        accountId: ids.risk,
        accountName: 'team-risk',
        region: REGION,
        status: 'ok',
        findings: { pending: 1 },
        errors: 0,
      });
      await expect(invoke({ accountId: ids.noRole, region: REGION })).rejects.toThrow(`Account ${ids.noRole}: cannot assume`);
      const failure = {
        error: 'AccountAccessError',
        cause: JSON.stringify({ errorType: 'AccountAccessError', errorMessage: `Account ${ids.noRole}: cannot assume` }),
      };
      expect(await invoke({ accountId: ids.noRole, region: REGION, accountName: 'no-role', failure })).toMatchObject({ status: 'failed', errors: 1 });
      const runs = (await ledgerItems(env.FINOPS_LEDGER_TABLE!)).filter((i) => i.kind === 'run');
      expect(runs.map((r) => [r.accountId, r.errors])).toEqual(
        expect.arrayContaining([
          [ids.risk, 0],
          [ids.noRole, 1],
        ]),
      );
      expect(runs.find((r) => r.accountId === ids.noRole)?.failures).toEqual([
        `no-role (${ids.noRole})/${REGION} [account] AccountAccessError: Account ${ids.noRole}: cannot assume`,
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
