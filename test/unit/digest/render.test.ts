/**
 * The three renderings of the digest: the SNS text (aligned, ASCII, <= 100
 * characters a line, under 256 KiB), the CSV (FOCUS columns, quoting, formula
 * escaping, every record behind the numbers) and the HTML (self-contained).
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { savingsFrom } from '../../../lib/core/finding.js';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { CSV_COLUMNS, renderCsv } from '../../../lib/digest/render-csv.js';
import { renderHtml } from '../../../lib/digest/render-html.js';
import { digestSubject, MAX_LINE, MAX_MESSAGE_BYTES, renderText } from '../../../lib/digest/render-text.js';
import { weeklyDigest, type WeeklyDigest } from '../../../lib/digest/weekly-digest.js';
import type { ResourceState } from '../../../lib/ledger/records.js';
import { resourceKey } from '../../../lib/ledger/records.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';
import type { MemoryLedger } from '../../support/memory-ledger.js';

const REPORT = { html: 's3://finops-digests-123456789012/digests/2026-W47/digest.html', csv: 's3://finops-digests-123456789012/digests/2026-W47/digest.csv' };

async function digestOf(ledger: MemoryLedger): Promise<WeeklyDigest> {
  const inputs = await loadDigestInputs(ledger, {
    week: WEEK,
    sweeps: ['idle-endpoints', 'orphan-volumes', 'rightsizing', 'runaway-training'],
    regions: ['us-east-1'],
    scheduledSweeps: ['idle-endpoints', 'orphan-volumes', 'runaway-training', 'idle-notebooks'],
  });
  return weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS });
}

/** The seeded ledger plus `count` pending endpoints with long names over 40 teams. */
function hugeLedger(count: number): MemoryLedger {
  const ledger = seededLedger();
  for (let i = 0; i < count; i++) {
    const team = `team-with-a-rather-long-name-${i % 40}`;
    const state: ResourceState = {
      sweep: 'idle-endpoints',
      ref: {
        resourceType: 'sagemaker:endpoint',
        resourceId: `endpoint-${i}-${'x'.repeat(50)}`,
        arn: `arn:aws:sagemaker:us-east-1:1:endpoint/e${i}`,
        region: 'us-east-1',
      },
      owner: `owner-${i}@example.com`,
      team,
      status: 'pending',
      version: 1,
      firstSeenAt: '2026-11-20T00:00:00.000Z',
      updatedAt: '2026-11-20T00:00:00.000Z',
      actAfter: '2026-11-25T00:00:00.000Z',
      warnedAt: null,
      reason: 'idle for 7 days',
      evidence: {},
      savings: savingsFrom([{ item: 'ml.m5.large', quantity: 1, usdPerHour: 0.115, source: 'test', sourceDate: '2026-11-01', regionBasis: 'stated' }], []),
      actionId: null,
      leaseUntil: null,
    };
    ledger.states.set(`${state.sweep}|${resourceKey(state.ref)}`, state);
  }
  return ledger;
}

let digest: WeeklyDigest;
beforeAll(async () => {
  digest = await digestOf(seededLedger());
});

describe('text', () => {
  it('is ASCII, no line over 100 characters, and names the report location', () => {
    const text = renderText(digest, { report: REPORT });
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(MAX_LINE);
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    expect(lines).toContain(`  ${REPORT.html}`);
    expect(lines).toContain(`  ${REPORT.csv}`);
  });

  it('carries the headline, team table with total, sections and KPIs', () => {
    const text = renderText(digest, { report: REPORT });
    expect(text).toContain('Realized savings this week    $938.00 ($942.11 gross - $4.11 snapshots kept)');
    expect(text).toContain('Projected monthly savings     $1,475.00/month from 4 action(s) in force (+1 of unknown price)');
    expect(text).toContain('Cumulative since deployment   $1,427.00 since the first action on 2026-11-02');
    expect(text).toContain('Week-over-week change         +$686.00 (+272.2%) vs $252.00 in 2026-W46');
    // Numbers right-aligned under their headers; the total under a rule.
    expect(text).toMatch(/\nTEAM {11}ACTIONS {2}REALIZED {2}PROJECTED\/MO {2}PENDING {2}PENDING\/MO {2}RECS {2}RECS\/MO\n/);
    expect(text).toMatch(
      /\n\(unallocated\) {8}1 {5}\$0\.01 {7}\$365\.00 {8}1 {7}\$8\.00 {5}1 {2}\$120\.00\n-+\nTOTAL {16}4 {3}\$938\.00 {5}\$1,475\.00 {8}3 {5}\$758\.00 {5}2 {2}\$420\.00\n/,
    );
    expect(text).toContain('2026-11-23 12:00  vol-0pending');
    expect(text).toContain('Sweeps that did not run on schedule: orphan-volumes, idle-notebooks');
    expect(text).toContain('Restores this week (each one a false positive): 1');
    expect(text).toContain('Optimization adoption rate    33.3% (1 adopted of 3)');
    expect(text).toContain('Unallocated share             18.6% of $/month identified; 27.3% of resources');
  });

  it('without a report location (the CLI) says how to produce the full report', () => {
    expect(renderText(digest)).toContain('Full report: finops-ai digest --week 2026-W47 --format html --out digest-2026-W47.html');
  });

  it('lists other flags (a team over budget) in their own section, and in the CSV', async () => {
    const ledger = seededLedger();
    const job = [...ledger.states.values()].find((st) => st.ref.resourceId === 'job-runaway')!;
    const ref = { resourceType: 'budgets:budget', resourceId: 'finops-ai-ml', arn: 'arn:aws:budgets::1:budget/finops-ai-ml', region: 'us-east-1' };
    ledger.states.set(`budget-guard|${resourceKey(ref)}`, { ...job, sweep: 'budget-guard', ref, team: 'ml', reason: 'team ml is over its budget' });
    const inputs = await loadDigestInputs(ledger, { week: WEEK, sweeps: ['budget-guard'], regions: ['us-east-1'], scheduledSweeps: [] });
    const flagged = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: [] });
    expect(renderText(flagged)).toMatch(
      /== Other flags: reported only \(1\)\nSWEEP +RESOURCE +TEAM +WHY\nbudget-guard +finops-ai-ml +ml +team ml is over its budget\n/,
    );
    expect(renderHtml(flagged)).toContain('<h2>Other flags (1)</h2>');
    const rows: Record<string, string>[] = parse(renderCsv(flagged), { columns: true });
    expect(rows.filter((r) => r.x_Section === 'flag').map((r) => r.ResourceId)).toEqual(['finops-ai-ml']);
  });

  it('has a subject SNS accepts', () => {
    const subject = digestSubject(digest);
    expect(subject).toBe('finops-ai weekly digest 2026-W47: $938.00 saved, $1,475.00/month in force');
    expect(subject.length).toBeLessThanOrEqual(100);
  });

  it('summarizes a long digest: top rows, the rest counted, teams folded into one row that keeps the total', async () => {
    const huge = await digestOf(hugeLedger(5000));
    const text = renderText(huge, { report: REPORT });
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(MAX_LINE);
    expect(text).toContain('... and 4993 more in the full report');
    // 40 teams of 125 endpoints ($10,493.75/month each) and ml, research, data: the 15
    // largest shown, 28 folded into one row (25 x 125 + ml's 1 + data's 1 pending =
    // 3,127; 25 x $10,493.75 + $730 + $20); the unallocated row always shown.
    expect(text).toMatch(/\n\(28 other teams\) +3 +\$937\.99 +\$1,110\.00 +3127 +\$263,093\.75 +1 +\$300\.00\n\(unallocated\) +1 +\$0\.01 /);
    // 5,000 x $0.115/h x 730 h = $419,750.00, plus the seeded $758.00.
    expect(text).toMatch(/\nTOTAL +4 +\$938\.00 +\$1,475\.00 +5003 +\$420,508\.00 +2 +\$420\.00\n/);
    expect(text).toContain(REPORT.html);
    // Long names are cut, marked with "...".
    expect(text).toMatch(/endpoint-\d+-x+\.\.\./);
  });

  it('drops the lists when even the summary would be over the SNS limit', async () => {
    const huge = await digestOf(hugeLedger(50));
    const full = renderText(huge, { report: REPORT, maxRows: 10_000, maxTeams: 10_000 });
    expect(full).toContain('endpoint-49-');
    // The same digest with a row limit so large the text would pass 250 KiB is rendered again shorter.
    const many = await digestOf(hugeLedger(4000));
    const text = renderText(many, { report: REPORT, maxRows: 10_000, maxTeams: 10_000 });
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_MESSAGE_BYTES);
    // Cut to 3 rows a list.
    expect(text).toContain('... and 4000 more in the full report');
  });
});

describe('CSV', () => {
  let rows: Record<string, string>[];
  beforeAll(() => {
    rows = parse(renderCsv(digest), { columns: true, skip_empty_lines: true });
  });

  it('has the FOCUS columns first, then x_ columns, CRLF records', () => {
    const csv = renderCsv(digest);
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(CSV_COLUMNS.slice(0, 8)).toEqual([
      'ResourceId',
      'ResourceType',
      'RegionId',
      'ServiceName',
      'Tags',
      'ChargePeriodStart',
      'ChargePeriodEnd',
      'BillingCurrency',
    ]);
    expect(CSV_COLUMNS.slice(8).every((c) => c.startsWith('x_'))).toBe(true);
  });

  it('has one row per record behind the numbers', () => {
    const count = (record: string, section?: string) => rows.filter((r) => r.x_Record === record && (!section || r.x_Section === section)).length;
    expect(count('action')).toBe(6);
    expect(count('finding', 'pending')).toBe(3);
    expect(count('finding', 'protected')).toBe(2);
    expect(count('finding', 'recommendation-open')).toBe(2);
    expect(count('finding', 'recommendation-adopted')).toBe(1);
    expect(count('finding', 'runaway')).toBe(3);
    expect(count('event', 'new-finding')).toBe(5);
    expect(count('run')).toBe(85);
    expect(rows).toHaveLength(6 + 3 + 2 + 2 + 1 + 3 + 5 + 85);
  });

  it('action rows add up to the headline figures', () => {
    const actions = rows.filter((r) => r.x_Record === 'action');
    const cents = (key: string) => actions.reduce((sum, r) => sum + Math.round(Number(r[key] ?? 0) * 100), 0) / 100;
    expect(cents('x_RealizedSavings')).toBe(digest.totals.realizedUsd);
    expect(cents('x_KeptCost')).toBe(digest.totals.keptCostUsd);
    expect(cents('x_CumulativeRealizedSavings')).toBe(digest.totals.cumulativeRealizedUsd);
    expect(cents('x_ProjectedMonthlySavings')).toBe(digest.totals.projectedMonthlyUsd);
  });

  it('writes the FOCUS fields of a row', () => {
    const a3 = rows.find((r) => r.x_ActionId === 'a3')!;
    expect(a3).toMatchObject({
      ResourceId: 'vol-0a3',
      ResourceType: 'ec2:volume',
      RegionId: 'us-east-1',
      ServiceName: 'Amazon Elastic Compute Cloud',
      Tags: '{"owner":"data@example.com","team":"data"}',
      ChargePeriodStart: '2026-11-16T00:00:00.000Z',
      ChargePeriodEnd: '2026-11-23T00:00:00.000Z',
      BillingCurrency: 'USD',
      x_Action: 'snapshot-and-delete-volume',
      x_Team: 'data',
      x_HoursInForce: '120',
      x_RealizedSavings: '2.47',
      x_GrossSavings: '6.58',
      x_KeptCost: '4.11',
      x_ProjectedMonthlySavings: '15',
    });
    const unallocated = rows.find((r) => r.x_ActionId === 'a4')!;
    expect(unallocated).toMatchObject({ x_Team: '', Tags: '{"owner":"nobody@example.com"}' });
  });

  it('quotes commas, quotes and line breaks, and defuses formulas', async () => {
    const ledger = seededLedger();
    const state = [...ledger.states.values()].find((s) => s.ref.resourceId === 'ep-pending')!;
    ledger.states.set(`${state.sweep}|${resourceKey(state.ref)}`, {
      ...state,
      team: '=HYPERLINK("http://x")',
      reason: 'idle, "really"\nfor days',
      owner: '-1+1',
    });
    const csv = renderCsv(await digestOf(ledger));
    expect(csv).toContain(`"idle, ""really""\nfor days"`);
    const parsed: Record<string, string>[] = parse(csv, { columns: true });
    const row = parsed.find((r) => r.ResourceId === 'ep-pending' && r.x_Section === 'pending')!;
    expect(row).toMatchObject({ x_Team: `'=HYPERLINK("http://x")`, x_Owner: `'-1+1`, x_Reason: 'idle, "really"\nfor days' });
    // Negative numbers stay numbers.
    expect(renderCsv({ ...digest, actions: [{ ...digest.actions[0]!, realizedUsd: -1.5 }] })).toContain(',-1.5,');
  });
});

describe('HTML', () => {
  it('is one self-contained document: no script, no external resource, a CSP that forbids them', () => {
    const html = renderHtml(digest, { report: REPORT });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('<svg');
    expect(html).toContain('<a href="digest.csv">s3://finops-digests-123456789012/digests/2026-W47/digest.csv</a>');
  });

  it('draws one bar per week, the digest week highlighted', () => {
    const html = renderHtml(digest);
    expect(html.match(/<rect class="bar/g)).toHaveLength(12);
    expect(html.match(/<rect class="bar current"/g)).toHaveLength(1);
    expect(html).toContain('<title>2026-W47: $938.00</title>');
  });

  it('escapes every value', async () => {
    const ledger = seededLedger();
    const state = [...ledger.states.values()].find((s) => s.ref.resourceId === 'ep-pending')!;
    ledger.states.set(`${state.sweep}|${resourceKey(state.ref)}`, { ...state, team: '<img src=x onerror=alert(1)>' });
    const html = renderHtml(await digestOf(ledger));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
