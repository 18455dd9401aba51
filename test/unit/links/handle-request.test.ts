import { describe, expect, it } from 'vitest';
import { addHours } from '../../../lib/core/clock.js';
import type { OwnerLink } from '../../../lib/core/owner-actions.js';
import { handleLinkRequest, PAGE_HEADERS } from '../../../lib/links/handle-request.js';
import { ACT_AFTER, BASE_URL, get, linksHarness, NOTICE_AT, pendingState, post } from './links-fixture.js';

const link = (links: readonly OwnerLink[], choice: string) => links.find((l) => l.choice === choice)!.url;
const REASON = { reason: 'demo for the board on Friday' };

describe('owner-action links: the contract', () => {
  it('every link is an absolute URL under the base URL whose query names its choice', async () => {
    const h = linksHarness({ config: { allowExempt: true } });
    const links = await h.links();
    expect(links.map((l) => l.choice)).toEqual(['keep-7d', 'keep-30d', 'keep-until', 'exempt', 'act-now']);
    for (const l of links) {
      const url = new URL(l.url);
      expect(l.url.startsWith(BASE_URL)).toBe(true);
      expect(url.searchParams.get('choice')).toBe(l.choice);
      expect(url.searchParams.get('resource')).toBe('churn-model-v1');
    }
    expect(links.find((l) => l.choice === 'keep-until')!.until).toBe('2027-02-21');
    // Five different single-use tokens.
    expect(new Set(links.map((l) => new URL(l.url).searchParams.get('token'))).size).toBe(5);
  });

  it('GET answers 200 with the confirmation page and changes nothing', async () => {
    const h = linksHarness();
    const response = await handleLinkRequest(get(link(await h.links(), 'keep-7d')), h.endpoint);
    expect(response.status).toBe(200);
    expect(response.headers).toEqual(PAGE_HEADERS);
    expect(response.body).toContain('Keep churn-model-v1 for 7 more days?');
    expect(response.body).toContain('not before 2026-11-24 09:00 UTC');
    expect(response.body).toContain('finops:snooze-until=2026-11-30T10:00:00Z');
    expect(response.body).toMatch(/<textarea id="reason" name="reason" rows="4" required minlength="3" maxlength="500">/);
    expect(response.body).not.toMatch(/<script/i);
    expect(h.store.writes).toEqual([]);
    expect(h.tagger.calls).toEqual([]);
  });

  it('POST with a reason applies a 7-day snooze: tag, decision and event; the link then is used', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-7d');
    const response = await handleLinkRequest(post(url, REASON), h.endpoint);
    expect(response.status).toBe(200);
    expect(response.body).toContain('churn-model-v1 is kept until 2026-11-30 10:00 UTC');
    expect(h.tagger.calls).toEqual([{ arn: h.state.ref.arn, tags: { 'finops:snooze-until': '2026-11-30T10:00:00Z' } }]);
    const [use] = [...h.store.uses.values()];
    expect(use).toMatchObject({
      status: 'applied',
      decision: {
        choice: 'keep-7d',
        owner: 'ana@example.com',
        team: 'risk',
        noticeRunId: 'run-abc',
        noticeAt: NOTICE_AT.toISOString(),
        reason: 'demo for the board on Friday',
        until: '2026-11-30T10:00:00Z',
        tag: { key: 'finops:snooze-until', value: '2026-11-30T10:00:00Z' },
        decidedAt: '2026-11-23T10:00:00.000Z',
        monthlySavingsUsd: 537.57,
      },
    });
    expect(h.store.events).toEqual([
      expect.objectContaining({
        type: 'owner-decided',
        fromStatus: 'pending',
        toStatus: 'pending',
        detail: expect.stringContaining('ana@example.com chose keep-7d'),
      }),
    ]);
    // The state is left to the engine: the next run sees the tag.
    expect(h.store.states.get(`idle-endpoints|sagemaker:endpoint#us-east-1#churn-model-v1`)?.version).toBe(2);

    for (const again of [post(url, REASON), get(url)]) {
      const reused = await handleLinkRequest(again, h.endpoint);
      expect(reused.status).toBe(410);
      expect(reused.body).toContain('The link was already used');
    }
    expect(h.tagger.calls).toHaveLength(1);
  });

  it('act-now makes the action due now on the same warning; no tag', async () => {
    const h = linksHarness();
    const response = await handleLinkRequest(post(link(await h.links(), 'act-now'), { reason: 'not needed any more' }), h.endpoint);
    expect(response.status).toBe(200);
    expect(response.body).toContain('The next sweep acts on churn-model-v1');
    expect(h.tagger.calls).toEqual([]);
    const state = h.store.states.get(`idle-endpoints|sagemaker:endpoint#us-east-1#churn-model-v1`)!;
    expect(state).toMatchObject({ status: 'pending', version: 3, actAfter: '2026-11-23T10:00:00.000Z', warnedAt: NOTICE_AT.toISOString() });
    expect(h.store.events[0]).toMatchObject({ type: 'owner-decided', detail: expect.stringContaining('chose act-now') });
  });

  it('keep-until takes the day chosen, else the latest allowed', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-until');
    const page = await handleLinkRequest(get(url), h.endpoint);
    expect(page.body).toContain('<input id="until" name="until" type="date" min="2026-11-23" max="2027-02-21" value="2027-02-21">');
    expect((await handleLinkRequest(post(url, { ...REASON, until: '2026-12-24' }), h.endpoint)).status).toBe(200);
    expect(h.tagger.calls[0]!.tags).toEqual({ 'finops:snooze-until': '2026-12-24' });

    const other = linksHarness();
    expect((await handleLinkRequest(post(link(await other.links(), 'keep-until'), REASON), other.endpoint)).status).toBe(200);
    expect(other.tagger.calls[0]!.tags).toEqual({ 'finops:snooze-until': '2027-02-21' });
  });

  it('exempt, where allowed, writes the exempt tag', async () => {
    const h = linksHarness({ config: { allowExempt: ['risk'] } });
    expect((await handleLinkRequest(post(link(await h.links(), 'exempt'), { reason: 'golden model, kept on purpose' }), h.endpoint)).status).toBe(200);
    expect(h.tagger.calls[0]!.tags).toEqual({ 'finops:exempt': 'true' });
  });

  it.each([
    ['no reason', {}, 'reason'],
    ['a reason too short', { reason: ' x ' }, 'reason'],
    ['a reason too long', { reason: 'x'.repeat(501) }, 'reason'],
  ])('POST with %s answers 400 with the form again and changes nothing', async (_, form, problem) => {
    const h = linksHarness();
    const response = await handleLinkRequest(post(link(await h.links(), 'keep-30d'), form), h.endpoint);
    expect(response.status).toBe(400);
    expect(response.body).toContain(problem === 'reason' ? 'Please give a reason of 3 to 500 characters.' : 'Please pick a day');
    expect(h.store.writes).toEqual([]);
    expect(h.tagger.calls).toEqual([]);
  });

  it('keep-until with a day past the bound answers 400', async () => {
    const h = linksHarness();
    const response = await handleLinkRequest(post(link(await h.links(), 'keep-until'), { ...REASON, until: '2027-03-01' }), h.endpoint);
    expect(response.status).toBe(400);
    expect(response.body).toContain('Please pick a day from 2026-11-23 to 2027-02-21.');
    expect(h.store.writes).toEqual([]);
  });
});

describe('owner-action links: refused, nothing changed', () => {
  const refusedCases: [string, (url: URL) => void, number, string][] = [
    ['tampered token', (u) => u.searchParams.set('token', flip(u.searchParams.get('token')!)), 403, 'The link is not valid'],
    [
      'tampered payload (another resource inside)',
      (u) => u.searchParams.set('token', swapPayloadResource(u.searchParams.get('token')!)),
      403,
      'The link is not valid',
    ],
    ['no token', (u) => u.searchParams.delete('token'), 403, 'The link is not valid'],
    ['two tokens', (u) => u.searchParams.append('token', u.searchParams.get('token')!), 403, 'The link is not valid'],
    ['choice mismatch', (u) => u.searchParams.set('choice', 'act-now'), 403, 'The link was changed'],
    ['wrong resource', (u) => u.searchParams.set('resource', 'payments-scoring'), 403, 'The link was changed'],
  ];

  it.each(refusedCases)('%s: %d', async (_, change, status, text) => {
    const h = linksHarness();
    const url = new URL(link(await h.links(), 'keep-7d'));
    change(url);
    for (const request of [get(url.href), post(url.href, REASON)]) {
      const response = await handleLinkRequest(request, h.endpoint);
      expect(response.status).toBe(status);
      expect(response.body).toContain(text);
      expect(response.body).toContain('Nothing was changed.');
      expect(response.body).not.toContain('churn-model-v1');
      expect(response.body).not.toContain('payments-scoring');
    }
    expect(h.store.writes).toEqual([]);
    expect(h.tagger.calls).toEqual([]);
  });

  it('expired: 410, from the end of the grace period plus a day', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-7d');
    h.setNow(addHours(new Date(ACT_AFTER), 24));
    const response = await handleLinkRequest(post(url, REASON), h.endpoint);
    expect(response.status).toBe(410);
    expect(response.body).toContain('The link has expired');
    expect(h.store.writes).toEqual([]);
  });

  it('exempt link no longer allowed by the config: 403', async () => {
    const minted = linksHarness({ config: { allowExempt: true } });
    const url = link(await minted.links(), 'exempt');
    const h = linksHarness({ config: { allowExempt: false } });
    const response = await handleLinkRequest(post(url, REASON), h.endpoint);
    expect(response.status).toBe(403);
    expect(h.store.writes).toEqual([]);
  });

  it.each([
    ['acted on', { status: 'acted' as const }],
    ['being acted on', { status: 'acting' as const }],
    ['cleared', { status: 'cleared' as const }],
  ])('a finding %s: 410', async (_, patch) => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-7d');
    h.store.seed(pendingState(h.finding, patch));
    const response = await handleLinkRequest(post(url, REASON), h.endpoint);
    expect(response.status).toBe(410);
    expect(response.body).toContain('The notice no longer applies');
    expect(h.store.writes).toEqual([]);
  });

  it('act-now of an older warning (warned again since) or an undelivered one: 410', async () => {
    for (const patch of [{ actAfter: addHours(new Date(ACT_AFTER), 48).toISOString() }, { warnedAt: null }]) {
      const h = linksHarness();
      const url = link(await h.links(), 'act-now');
      h.store.seed(pendingState(h.finding, patch));
      expect((await handleLinkRequest(post(url, REASON), h.endpoint)).status).toBe(410);
      expect(h.store.writes).toEqual([]);
    }
  });

  it('a snooze still applies to a finding already exempt (snoozed before): it extends it', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-30d');
    h.store.seed(pendingState(h.finding, { status: 'exempt', actAfter: null }));
    expect((await handleLinkRequest(post(url, REASON), h.endpoint)).status).toBe(200);
  });

  it('a tag that cannot be written: 502, the claim given back, and the owner can try again', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-7d');
    h.tagger.fail = true;
    const failed = await handleLinkRequest(post(url, REASON), h.endpoint);
    expect(failed.status).toBe(502);
    expect(failed.body).toContain('Nothing was recorded');
    expect(h.store.events).toEqual([]);
    expect([...h.store.uses.values()][0]!.status).toBe('released');
    h.tagger.fail = false;
    expect((await handleLinkRequest(post(url, REASON), h.endpoint)).status).toBe(200);
  });

  it('a claim held by a request that died is taken over once stale', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-7d');
    const token = new URL(url).searchParams.get('token')!;
    const id = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).id as string;
    h.store.uses.set(id, { tokenId: id, status: 'claimed', claimedAt: addHours(NOTICE_AT, 1).toISOString() });
    expect((await handleLinkRequest(post(url, REASON), h.endpoint)).status).toBe(410);
    h.setNow(addHours(NOTICE_AT, 1.1));
    expect((await handleLinkRequest(post(url, REASON), h.endpoint)).status).toBe(200);
  });

  it('other paths and methods: 404 and 405', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-7d');
    expect((await handleLinkRequest({ ...get(url), path: '/favicon.ico' }, h.endpoint)).status).toBe(404);
    const put = await handleLinkRequest({ ...get(url), method: 'PUT' }, h.endpoint);
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST');
  });
});

describe('owner-action links: the log', () => {
  it('logs every request once, with the token id once verified, never the token', async () => {
    const h = linksHarness();
    const url = link(await h.links(), 'keep-7d');
    const token = new URL(url).searchParams.get('token')!;
    await handleLinkRequest(get(url), h.endpoint);
    await handleLinkRequest(post(url, REASON), h.endpoint);
    const bad = new URL(url);
    bad.searchParams.set('token', flip(token));
    await handleLinkRequest(get(bad.href), h.endpoint);
    expect(h.log.lines.map((l) => [l.message, l.extra.status, l.extra.refusal])).toEqual([
      ['Owner link request', 200, undefined],
      ['Owner link request', 200, undefined],
      ['Owner link request', 403, 'tampered'],
    ]);
    expect(h.log.lines[0]!.extra).toMatchObject({
      method: 'GET',
      choice: 'keep-7d',
      sweep: 'idle-endpoints',
      resource: 'churn-model-v1',
      tokenId: expect.any(String),
    });
    const text = JSON.stringify(h.log.lines);
    expect(text).not.toContain(token.split('.')[1]);
    expect(text).not.toContain(token.split('.')[0]);
    expect(text).not.toContain(REASON.reason);
  });
});

/** The token with one character of its MAC changed. */
function flip(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

/** The token with its payload naming another resource, its MAC kept. */
function swapPayloadResource(token: string): string {
  const [payload, mac] = token.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return `${Buffer.from(JSON.stringify({ ...claims, resource: 'payments-scoring' })).toString('base64url')}.${mac}`;
}

describe('owner-action links in an organization deployment', () => {
  it('a member account’s resource: act-now only, looked up under its account, never the hub’s namesake', async () => {
    const member = { accountId: '111122223333' };
    const h = linksHarness();
    const finding = { ...h.finding, ...member, arn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn-model-v1' };
    const state = pendingState(finding, { ref: { ...h.state.ref, ...member, arn: finding.arn } });
    h.store.seed(state);
    const { createLinkMinter } = await import('../../../lib/links/minter.js');
    const { HmacLinkSigner } = await import('../../../lib/links/signer.js');
    const { KEY, ownerActions, TAG_KEYS } = await import('./links-fixture.js');
    const minter = createLinkMinter(new HmacLinkSigner(KEY), { baseUrl: BASE_URL, ownerActions: ownerActions({ allowExempt: true }), tagKeys: TAG_KEYS });
    const links = await minter.mint({ finding, state }, { runId: 'run-org', at: NOTICE_AT });
    expect(links.map((l) => l.choice)).toEqual(['act-now']);
    const token = new URL(links[0]!.url).searchParams.get('token')!;
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ account: '111122223333' });

    expect((await handleLinkRequest(post(links[0]!.url, REASON), h.endpoint)).status).toBe(200);
    const key = `idle-endpoints|111122223333#sagemaker:endpoint#us-east-1#churn-model-v1`;
    expect(h.store.states.get(key)).toMatchObject({ version: 3, actAfter: '2026-11-23T10:00:00.000Z' });
    // The hub's own endpoint of the same name is untouched.
    expect(h.store.states.get('idle-endpoints|sagemaker:endpoint#us-east-1#churn-model-v1')).toMatchObject({ version: 2, actAfter: ACT_AFTER });
  });
});
