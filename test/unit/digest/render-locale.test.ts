/**
 * The digest text and HTML in Japanese (Asia/Tokyo), and the tag text they print:
 * every heading, label and status from the catalogue, dates in JST, money in USD
 * with separators, tables aligned by display width, hostile tags made inert.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { renderCsv } from '../../../lib/digest/render-csv.js';
import { renderHtml } from '../../../lib/digest/render-html.js';
import { digestSubject, MAX_LINE, renderText } from '../../../lib/digest/render-text.js';
import { weeklyDigest, type WeeklyDigest } from '../../../lib/digest/weekly-digest.js';
import { displayWidth } from '../../../lib/format/index.js';
import { resourceKey } from '../../../lib/ledger/records.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';
import type { MemoryLedger } from '../../support/memory-ledger.js';
import { englishIn } from '../format/english-fragments.js';

const JA = { locale: 'ja', timeZone: 'Asia/Tokyo' } as const;
const REPORT = { html: 's3://bucket/digests/2026-W47/digest.html', csv: 's3://bucket/digests/2026-W47/digest.csv' };

async function digestOf(ledger: MemoryLedger): Promise<WeeklyDigest> {
  const inputs = await loadDigestInputs(ledger, {
    week: WEEK,
    sweeps: ['idle-endpoints', 'orphan-volumes', 'rightsizing', 'runaway-training'],
    regions: ['us-east-1'],
    scheduledSweeps: ['idle-endpoints', 'orphan-volumes', 'runaway-training', 'idle-notebooks'],
  });
  return weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS });
}

/** Data (names, reasons, notes) replaced by neutral tokens, so only the catalogue's language is left to check. */
const DATA_KEYS = new Set([
  'reason',
  'owner',
  'team',
  'resourceId',
  'arn',
  'failures',
  'note',
  'current',
  'proposed',
  'action',
  'detail',
  'priceSources',
  'outcome',
  'unavailable',
]);
function neutral(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return DATA_KEYS.has(key) ? `d${value.length}` : value;
  if (Array.isArray(value)) return value.map((v) => neutral(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutral(v, k)]));
  return value;
}

/** What a reader sees: the title and the body's text (not the style sheet, CSP or markup). */
function visibleText(html: string): string {
  return [/<title>(.*)<\/title>/.exec(html)![1]!, html.slice(html.indexOf('<body>')).replace(/<[^>]+>/g, ' ')].join('\n');
}

let digest: WeeklyDigest;
beforeAll(async () => {
  digest = await digestOf(seededLedger());
});

describe('text digest in Japanese', () => {
  it('writes headings, labels and statuses in Japanese, dates in JST, money in USD', () => {
    const text = renderText(digest, { ...JA, report: REPORT });
    expect(text).toContain('finops-ai 週次コスト削減レポート 2026-W47: 2026/11/16〜2026/11/22 (UTC)');
    expect(text).toContain('作成 2026/11/23 17:00 JST。');
    expect(text).toContain('今週実現した削減額            $938.00 (総額 $942.11 - 保持したスナップショット $4.11)');
    expect(text).toContain('月間の削減見込み              $1,475.00/月 (適用中の操作 4 件、ほかに価格不明 1 件)');
    expect(text).toMatch(/\n期限 \(JST\) +リソース +スイープ +所有者 +チーム +\$\/月\n2026\/11\/23 21:00 +vol-0pending /);
    expect(text).toMatch(/\n保護対象 +ep-prod +idle-endpoints .* \$1,000\.00\n除外 +vol-0exempt .* 不明\n/);
    expect(text).toMatch(/\njob-runaway +実行中 +\$842\.10 +31\.0 /);
    expect(text).toContain('予定どおり実行されなかったスイープ: orphan-volumes、idle-notebooks');
    expect(text).toContain('最適化の採用率                33.3% (3 件中 1 件を採用)');
  });

  it('aligns the team table by display width, every line within 100 columns', () => {
    const text = renderText(digest, JA);
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('チーム '))!;
    const total = lines.find((l) => l.startsWith('合計 '))!;
    expect(displayWidth(header)).toBe(displayWidth(total));
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(MAX_LINE);
  });

  it('contains no English from the catalogue', () => {
    const text = renderText(neutral(digest) as WeeklyDigest, { ...JA, report: REPORT });
    expect(englishIn(text, 'ja')).toEqual([]);
    expect(englishIn(renderText(neutral(digest) as WeeklyDigest, { report: REPORT }), 'ja').length).toBeGreaterThan(30);
  });

  it('keeps the SNS subject in ASCII', () => {
    expect(digestSubject(digest)).toBe('finops-ai weekly digest 2026-W47: $938.00 saved, $1,475.00/month in force');
  });
});

describe('HTML digest in Japanese', () => {
  it('is a Japanese page: lang, title, headings, dates in JST', () => {
    const html = renderHtml(digest, { ...JA, report: REPORT });
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<title>finops-ai 週次コスト削減レポート 2026-W47</title>');
    expect(html).toContain('<h2>チーム別ショーバック</h2>');
    expect(html).toContain('<th>期限 (JST)</th>');
    expect(html).toContain('<td>2026/11/24 18:00</td>');
    expect(html).toContain('<td class="n">$1,475.00</td>');
    expect(html).toContain('<a href="digest.csv">s3://bucket/digests/2026-W47/digest.csv</a>');
  });

  it('contains no English from the catalogue', () => {
    const html = renderHtml(neutral(digest) as WeeklyDigest, { ...JA, report: REPORT });
    expect(englishIn(visibleText(html), 'ja')).toEqual([]);
    expect(englishIn(visibleText(renderHtml(neutral(digest) as WeeklyDigest)), 'ja').length).toBeGreaterThan(30);
  });
});

describe('tag text in the digest', () => {
  it('is inert in the text (no escape sequence or line) and escaped in the HTML', async () => {
    const ledger = seededLedger();
    const state = [...ledger.states.values()].find((s) => s.ref.resourceId === 'ep-pending')!;
    ledger.states.set(`${state.sweep}|${resourceKey(state.ref)}`, {
      ...state,
      team: '\u001b[31mred\u001b[0m',
      owner: 'a\nSubject: x\n\nclick http://evil',
      reason: '\u001b]8;;http://evil\u0007link\u001b]8;;\u0007\u202E',
    });
    const hostile = await digestOf(ledger);
    const text = renderText(hostile);
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    expect(text).not.toMatch(/^Subject:/m);
    expect(text).toMatch(/ep-pending +idle-endpoints +a Subject: x click \.\.\. +red /);
    const html = renderHtml(hostile);
    expect(html).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    expect(html).toContain('<td class="w">link</td>');
  });

  it('is inert in the CSV: escapes and controls removed, formulas still defused, line breaks kept as data', async () => {
    const ledger = seededLedger();
    const state = [...ledger.states.values()].find((s) => s.ref.resourceId === 'ep-pending')!;
    ledger.states.set(`${state.sweep}|${resourceKey(state.ref)}`, {
      ...state,
      team: '\u001b[31m=HYPERLINK("http://x")',
      owner: '\u202E@evil\u0000',
      reason: 'idle\r\nfor days\u001b]8;;http://evil\u0007',
    });
    const rows: Record<string, string>[] = parse(renderCsv(await digestOf(ledger)), { columns: true });
    const row = rows.find((r) => r.ResourceId === 'ep-pending' && r.x_Section === 'pending')!;
    expect(row).toMatchObject({
      x_Team: `'=HYPERLINK("http://x")`,
      x_Owner: `'@evil`,
      x_Reason: 'idle\nfor days',
      Tags: `{"owner":"@evil","team":"=HYPERLINK(\\"http://x\\")"}`,
    });
  });

  it('shows a training job pending a stop in $/hour, not $/month', async () => {
    const ledger = seededLedger();
    const job = [...ledger.states.values()].find((s) => s.ref.resourceId === 'job-runaway')!;
    ledger.states.set(`${job.sweep}|${resourceKey(job.ref)}`, { ...job, status: 'pending', actAfter: '2026-11-24T00:00:00.000Z' });
    const pending = await digestOf(ledger);
    const line = renderText(pending)
      .split('\n')
      .find((l) => l.includes('job-runaway') && l.includes('runaway-training'))!;
    expect(line).toMatch(/\$[\d,.]+\/h$/);
  });
});
