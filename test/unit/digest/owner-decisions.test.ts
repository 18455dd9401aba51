import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { OwnerChoice } from '../../../lib/core/owner-actions.js';
import type { OwnerDecision } from '../../../lib/core/owner-decisions.js';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { ownerDecisionsSection } from '../../../lib/digest/owner-decisions.js';
import { loadOwnerDecisions } from '../../../lib/digest/owner-decisions-source.js';
import { renderCsv } from '../../../lib/digest/render-csv.js';
import { renderHtml } from '../../../lib/digest/render-html.js';
import { MAX_LINE, renderText } from '../../../lib/digest/render-text.js';
import { weeklyDigest } from '../../../lib/digest/weekly-digest.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';
import { MemoryOwnerDecisions } from '../../support/memory-owner-decisions.js';

// WEEK is 2026-W47: [2026-11-16, 2026-11-23); next week [2026-11-23, 2026-11-30).
function decision(id: string, choice: OwnerChoice, decidedAt: string, until: string | null, resource = id): OwnerDecision {
  return {
    tokenId: `tok-${id}`,
    choice,
    sweep: 'idle-endpoints',
    ref: { resourceType: 'sagemaker:endpoint', resourceId: resource, arn: `arn:aws:sagemaker:us-east-1:1:endpoint/${resource}`, region: 'us-east-1' },
    owner: 'ana@example.com',
    team: 'risk',
    noticeRunId: 'run-1',
    noticeAt: '2026-11-17T09:00:00.000Z',
    reason: `reason of ${id}`,
    until,
    tag: until ? { key: 'finops:snooze-until', value: until } : null,
    decidedAt,
    monthlySavingsUsd: 537.57,
  };
}

const store = new MemoryOwnerDecisions();
for (const d of [
  decision('snooze-a', 'keep-7d', '2026-11-18T10:00:00.000Z', '2026-11-25T10:00:00Z'),
  decision('exempt-b', 'exempt', '2026-11-19T11:00:00.000Z', null),
  decision('early-c', 'act-now', '2026-11-20T12:00:00.000Z', null),
  decision('long-d', 'keep-30d', '2026-11-21T09:00:00.000Z', '2026-12-21T09:00:00Z'),
  // Last week's snooze of e, replaced by a longer one this week: only the latest counts.
  decision('old-e', 'keep-7d', '2026-11-10T09:00:00.000Z', '2026-11-24T09:00:00Z', 'e'),
  decision('new-e', 'keep-until', '2026-11-22T09:00:00.000Z', '2026-12-11T00:00:00.000Z', 'e'),
  // Decided before the week, ending next week.
  decision('prior-f', 'keep-30d', '2026-10-28T09:00:00.000Z', '2026-11-27T09:00:00Z'),
]) {
  store.uses.set(d.tokenId, { tokenId: d.tokenId, status: 'applied', claimedAt: d.decidedAt, decision: d });
}

async function digestWithDecisions() {
  const inputs = await loadDigestInputs(seededLedger(), { week: WEEK, sweeps: ['idle-endpoints'], regions: ['us-east-1'], scheduledSweeps: [] });
  const digest = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS });
  return { ...digest, ownerDecisions: ownerDecisionsSection(await loadOwnerDecisions(store, WEEK), WEEK) };
}

describe('digest: owner decisions', () => {
  it("counts this week's decisions and lists the snoozes ending next week (the latest per resource)", async () => {
    const section = (await digestWithDecisions()).ownerDecisions;
    expect(section.counts).toEqual({ snoozed: 3, exempted: 1, actedEarly: 1 });
    expect(section.decided.map((d) => [d.resourceId, d.choice, d.reason])).toEqual([
      ['snooze-a', 'keep-7d', 'reason of snooze-a'],
      ['exempt-b', 'exempt', 'reason of exempt-b'],
      ['early-c', 'act-now', 'reason of early-c'],
      ['long-d', 'keep-30d', 'reason of long-d'],
      ['e', 'keep-until', 'reason of new-e'],
    ]);
    expect(section.expiringNextWeek.map((d) => [d.resourceId, d.until])).toEqual([
      ['snooze-a', '2026-11-25T10:00:00Z'],
      ['prior-f', '2026-11-27T09:00:00Z'],
    ]);
  });

  it('renders in text (lines under 100 columns), HTML and CSV, in English and Japanese', async () => {
    const digest = await digestWithDecisions();
    const text = renderText(digest);
    expect(text).toContain('== Owner decisions by link: 3 snoozed, 1 exempted, 1 acted early');
    expect(text).toContain('  2026-11-18  keep 7 days  snooze-a (us-east-1)  ana@example.com, until 2026-11-25 10:00 UTC');
    expect(text).toContain('      why: reason of exempt-b');
    expect(text).toContain('  2026-11-27 09:00 UTC  prior-f (us-east-1)  ana@example.com, keep 30 days since 2026-10-28');
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(MAX_LINE);

    const ja = renderText(digest, { locale: 'ja', timeZone: 'Asia/Tokyo' });
    expect(ja).toContain('リンクによる所有者の判断: 延期 3 件、対象外 1 件、早期実行 1 件');
    expect(ja).toContain('理由: reason of early-c');

    const html = renderHtml(digest);
    expect(html).toContain('<h2>Owner decisions</h2>');
    expect(html).toContain('This week owners answered 5 notice(s) by link: 3 snoozed, 1 exempted, 1 acted early');
    expect(html).toContain('Snoozes ending next week (2)');

    const rows: Record<string, string>[] = parse(renderCsv(digest), { columns: true });
    const decisions = rows.filter((r) => r.x_Record === 'decision');
    expect(decisions.map((r) => [r.x_Section, r.ResourceId, r.x_Status])).toEqual([
      ['owner-decision', 'snooze-a', 'keep-7d'],
      ['owner-decision', 'exempt-b', 'exempt'],
      ['owner-decision', 'early-c', 'act-now'],
      ['owner-decision', 'long-d', 'keep-30d'],
      ['owner-decision', 'e', 'keep-until'],
      ['snooze-ending', 'snooze-a', 'keep-7d'],
      ['snooze-ending', 'prior-f', 'keep-30d'],
    ]);
    expect(decisions[0]).toMatchObject({ x_Reason: 'reason of snooze-a', x_Deadline: '2026-11-25T10:00:00Z', x_Owner: 'ana@example.com' });
  });

  it('without the section (no reader), the renderers print nothing of it', async () => {
    const { ownerDecisions: _, ...digest } = await digestWithDecisions();
    expect(renderText(digest)).not.toContain('Owner decisions');
    expect(renderHtml(digest)).not.toContain('Owner decisions');
    expect(renderCsv(digest)).not.toContain(',decision,');
  });
});
