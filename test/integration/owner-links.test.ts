/**
 * Owner-action links end to end on the emulator: the idle-endpoint sweep (apply mode,
 * owner actions on) signs links into its notices with a KMS HMAC key; the local
 * `serve-links` server answers them over HTTP; the decision lands in the ledger and
 * as a tag on the endpoint, and the next sweep honours it. Every bad link is refused
 * with nothing changed.
 */
import { DescribeEndpointCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig } from '../../lib/config.js';
import { sweepLabelsOf } from '../../lib/links/sweep-labels.js';
import { serveLinks, type LinksServer } from '../../lib/local/serve-links.js';
import { runConfiguredSweep } from '../../lib/runtime.js';
import { SWEEPS, sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const config = parseConfig({
  regions: [REGION],
  pricing: { live: false },
  ownerActions: { enabled: true, allowExempt: ['nlp'] },
  sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } },
});
const REASON = 'demo for the board on Friday';

let env: Record<string, string>;
let server: LinksServer;
let serverNow: Date;

const sweep = (at: Date): Promise<SweepReport> =>
  runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode: 'apply', clock: fixedClock(at), env, clients: emulatorClients() });
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const tagsOf = async (name: string) => {
  const arn = (await sagemaker().send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointArn!;
  return Object.fromEntries(((await sagemaker().send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? []).map((t) => [t.Key!, t.Value!]));
};
const exists = (name: string) =>
  sagemaker()
    .send(new DescribeEndpointCommand({ EndpointName: name }))
    .then(
      () => true,
      () => false,
    );

/** The links of the notices to `owner` about `resource`, by choice. */
async function linksFor(owner: string, resource: string): Promise<Record<string, string>> {
  const messages = (await emulator().publishedMessages()).filter((m) => m.messageAttributes.owner?.value === owner);
  const urls = messages.flatMap((m) => m.message.match(/https?:\/\/\S+/g) ?? []).filter((u) => new URL(u).searchParams.get('resource') === resource);
  return Object.fromEntries(urls.map((u) => [new URL(u).searchParams.get('choice')!, u]));
}
const post = (url: string, form: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

beforeEach(async () => {
  ({ env } = await freshEstate(T0));
  serverNow = addHours(T0, 1);
  server = await serveLinks({
    config,
    sweepLabels: sweepLabelsOf(SWEEPS),
    port: 0,
    env,
    clients: emulatorClients(),
    clock: { now: () => new Date(serverNow.getTime()) },
  });
  env = { ...env, FINOPS_LINKS_BASE_URL: server.url };
});

afterEach(async () => {
  await server.close();
});

describe('owner-action links on the emulator', () => {
  it('a notice link applied over HTTP: ledger record and tag written, the next sweep leaves the endpoint alone; act-now acts early', async () => {
    const emu = emulator();
    await emu.startRecording();
    const first = await sweep(T0);
    await emu.stopRecording();
    expect(decisions(first)).toMatchObject({ 'churn-model-v1': 'pending', 'llm-summarizer-poc': 'pending' });
    // One GenerateMac per link: 4 per pending endpoint, 5 for the nlp team's (exempt allowed there).
    const calls = await emu.recordedCalls();
    expect(calls['KMS.GenerateMac']).toBe(4 + 4 + 4 + 5);

    const ana = await linksFor('ana@example.com', 'churn-model-v1');
    expect(Object.keys(ana).sort()).toEqual(['act-now', 'keep-30d', 'keep-7d', 'keep-until']);
    for (const url of Object.values(ana)) expect(url.startsWith(server.url)).toBe(true);

    const page = await fetch(ana['keep-7d']!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('Keep churn-model-v1 for 7 more days?');
    const beforePost = await ledgerItems(env.FINOPS_LEDGER_TABLE!);

    const done = await post(ana['keep-7d']!, { reason: REASON });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('churn-model-v1 is kept until 2026-11-30 10:00 UTC');
    expect(await tagsOf('churn-model-v1')).toMatchObject({ 'finops:snooze-until': '2026-11-30T10:00:00Z' });

    const items = await ledgerItems(env.FINOPS_LEDGER_TABLE!);
    expect(items.length).toBe(beforePost.length + 2);
    const record = items.find((i) => i.kind === 'link')!;
    expect(record).toMatchObject({
      status: 'applied',
      gsi1pk: 'DECISIONS#2026-W48',
      gsi4pk: 'SNOOZES',
      decision: {
        choice: 'keep-7d',
        sweep: 'idle-endpoints',
        owner: 'ana@example.com',
        team: 'risk',
        reason: REASON,
        until: '2026-11-30T10:00:00Z',
        noticeAt: T0.toISOString(),
        tag: { key: 'finops:snooze-until', value: '2026-11-30T10:00:00Z' },
        ref: { resourceId: 'churn-model-v1', resourceType: 'sagemaker:endpoint', region: REGION },
      },
    });
    expect(items.find((i) => i.kind === 'event' && i.type === 'owner-decided')).toMatchObject({ ref: { resourceId: 'churn-model-v1' } });

    // raj presses act now for his endpoint an hour later.
    serverNow = addHours(T0, 2);
    const raj = await linksFor('raj@example.com', 'llm-summarizer-poc');
    expect(Object.keys(raj).sort()).toEqual(['act-now', 'exempt', 'keep-30d', 'keep-7d', 'keep-until']);
    expect((await post(raj['act-now']!, { reason: 'POC is over, stop it' })).status).toBe(200);

    const next = await sweep(addHours(T0, 3));
    expect(decisions(next)).toMatchObject({ 'churn-model-v1': 'exempt', 'llm-summarizer-poc': 'acted', 'vision-ab-test': 'pending' });
    expect(next.findings.find((f) => f.resourceId === 'churn-model-v1')!.reason).toContain('snoozed until 2026-11-30T10:00:00Z');
    expect(await exists('churn-model-v1')).toBe(true);
    expect(await exists('llm-summarizer-poc')).toBe(false);
    expect(await exists('vision-ab-test')).toBe(true);

    const due = await sweep(addHours(T0, 25));
    expect(decisions(due)).toMatchObject({ 'churn-model-v1': 'exempt', 'vision-ab-test': 'acted' });
    expect(await exists('churn-model-v1')).toBe(true);
  });

  it('a snoozed endpoint idle again at expiry goes through the grace period again, with a fresh notice and fresh links', async () => {
    await sweep(T0);
    const ana = await linksFor('ana@example.com', 'churn-model-v1');
    expect((await post(ana['keep-7d']!, { reason: REASON })).status).toBe(200);
    await sweep(addHours(T0, 25));
    const sent = (await emulator().publishedMessages()).length;

    const expiry = addHours(T0, 1 + 7 * 24 + 1);
    const after = await sweep(expiry);
    expect(after.findings.find((f) => f.resourceId === 'churn-model-v1')).toMatchObject({ decision: 'pending', actAfter: addHours(expiry, 24).toISOString() });
    const fresh = (await emulator().publishedMessages()).slice(sent).filter((m) => m.messageAttributes.owner?.value === 'ana@example.com');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.message).toContain('churn-model-v1 (us-east-1, team risk)');
    expect(fresh[0]!.message).toMatch(/keep 7 days: +http:\/\/127\.0\.0\.1:\d+\/\?choice=keep-7d&resource=churn-model-v1&token=/);
    // The old link is used; the fresh one works.
    serverNow = addHours(expiry, 1);
    expect((await post(ana['keep-7d']!, { reason: REASON })).status).toBe(410);
    const renewed = /https?:\/\/\S+choice=keep-30d\S+/.exec(fresh[0]!.message)![0];
    expect((await post(renewed, { reason: 'still needed for the quarter' })).status).toBe(200);
    expect(await exists('churn-model-v1')).toBe(true);
  });

  it('every bad link is refused, 403 or 410, with nothing changed', async () => {
    await sweep(T0);
    const ana = await linksFor('ana@example.com', 'churn-model-v1');
    const vision = await linksFor('ana@example.com', 'vision-ab-test');
    const used = vision['keep-30d']!;
    expect((await post(used, { reason: REASON })).status).toBe(200);

    const before = await ledgerItems(env.FINOPS_LEDGER_TABLE!);
    const tagsBefore = await tagsOf('churn-model-v1');
    const tampered = new URL(ana['keep-7d']!);
    const token = tampered.searchParams.get('token')!;
    tampered.searchParams.set('token', `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`);
    const mismatch = new URL(ana['keep-7d']!);
    mismatch.searchParams.set('choice', 'act-now');
    const wrongResource = new URL(ana['keep-7d']!);
    wrongResource.searchParams.set('resource', 'vision-ab-test');
    const cases: [string, string, number][] = [
      ['reused', used, 410],
      ['tampered', tampered.href, 403],
      ['choice mismatch', mismatch.href, 403],
      ['wrong resource', wrongResource.href, 403],
    ];
    for (const [name, url, status] of cases) {
      for (const response of [await fetch(url), await post(url, { reason: REASON })]) {
        expect([name, response.status]).toEqual([name, status]);
        const body = await response.text();
        expect(body).toContain('Nothing was changed.');
        expect(body).not.toContain('churn-model-v1');
        expect(body).not.toContain('vision-ab-test');
      }
    }
    serverNow = addHours(T0, 24 + 24); // the end of the grace period plus a day
    const expired = await post(ana['keep-7d']!, { reason: REASON });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('The link has expired');

    expect(await ledgerItems(env.FINOPS_LEDGER_TABLE!)).toEqual(before);
    expect(await tagsOf('churn-model-v1')).toEqual(tagsBefore);
  });
});

describe('init-local for owner actions', () => {
  it('prints what serve-links and the sweeps need, where the config turns owner actions on', async () => {
    const { main } = await import('../../lib/cli/main.js');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'finops-links-')), 'finops.json');
    writeFileSync(file, JSON.stringify({ ownerActions: { enabled: true } }));
    const lines: string[] = [];
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = inject('emulatorEndpoint');
    try {
      expect(await main(['init-local', '--config', file], { stdout: (t) => lines.push(t), stderr: () => {} })).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
    const vars = Object.fromEntries(
      lines
        .join('\n')
        .split('\n')
        .map((l) => l.replace(/^export /, '').split('=', 2) as [string, string]),
    );
    expect(vars.FINOPS_LINKS_BASE_URL).toBe('http://127.0.0.1:8787/');
    expect(vars.FINOPS_LINKS_KEY_ID).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
  });
});
