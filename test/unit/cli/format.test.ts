/**
 * Sweep and restore reports as the CLI and the demo print them: aligned by display
 * width (Japanese names take two columns a character), one money format, jobs in
 * $/hour, tag text made safe.
 */
import { describe, expect, it } from 'vitest';
import { savingsFrom, type Finding, type SweepReport } from '../../../lib/core/finding.js';
import type { RestoreReport } from '../../../lib/core/finding.js';
import { displayWidth, formatRestoreReport, formatSweepReport } from '../../../lib/format/index.js';

const PRICE = { item: 'ml.g4dn.xlarge', quantity: 1, usdPerHour: 1.4728, source: 'test', sourceDate: '2026-01-01', regionBasis: 'stated' as const };

function finding(id: string, patch: Partial<Finding> = {}): Finding {
  return {
    resourceType: 'sagemaker:endpoint',
    resourceId: id,
    arn: `arn:aws:sagemaker:us-east-1:1:endpoint/${id}`,
    region: 'us-east-1',
    sweep: 'idle-endpoints',
    owner: 'ana@example.com',
    team: 'risk',
    decision: 'pending',
    reason: 'idle 7 days',
    actAfter: '2026-11-27T09:00:00.000Z',
    estimatedMonthlySavingsUsd: 1075.14,
    savings: savingsFrom([PRICE], []),
    evidence: {},
    ...patch,
  };
}

const report = (findings: Finding[]): SweepReport => ({
  sweep: 'idle-endpoints',
  mode: 'apply',
  now: '2026-11-26T09:00:00.000Z',
  regions: ['us-east-1'],
  findings,
  errors: [],
  notices: [],
});

describe('formatSweepReport', () => {
  it('aligns columns by display width when names are Japanese', () => {
    const text = formatSweepReport(report([finding('churn', { team: '機械学習チーム', owner: '山田' }), finding('vision-model', { team: 'nlp' })]));
    const [header, first, second] = text.split('\n').slice(1, 4);
    const column = (line: string, cell: string) => displayWidth(line.slice(0, line.indexOf(cell)));
    expect(column(first!, '$1,075.14')).toBe(column(second!, '$1,075.14'));
    expect(column(first!, '$1,075.14')).toBe(column(header!, 'SAVINGS'));
    expect(column(first!, 'idle 7 days')).toBe(column(header!, 'REASON'));
  });

  it('writes money one way: separators, cents and the unit', () => {
    const text = formatSweepReport(report([finding('a'), finding('b', { estimatedMonthlySavingsUsd: null, savings: savingsFrom([], ['no price']) })]));
    expect(text).toContain('$1,075.14/month');
    expect(text).toContain('2 finding(s) (2 pending); $1,075.14/month in pending and acted findings (+1 with unknown price); 0 owner notice(s); 0 error(s).');
    expect(text).toMatch(/ACT AFTER \(UTC\) \/ ACTION/);
    expect(text).toContain('2026-11-27 09:00');
  });

  it('shows a training job its $/hour and cost so far, never $/month', () => {
    const job = finding('runaway-time', {
      sweep: 'runaway-training',
      costSoFarUsd: 991.44,
      estimatedMonthlySavingsUsd: 24125.04,
      savings: savingsFrom([{ ...PRICE, quantity: 8, usdPerHour: 4.131 }], []),
    });
    const text = formatSweepReport({ ...report([job]), sweep: 'runaway-training' });
    expect(text).toContain('$33.048/h ($991.44 so far)');
    expect(text).toContain('$33.048/h of pending and acted jobs');
    expect(text).not.toContain('24,125');
    expect(text).not.toContain('/month');
  });

  it('keeps hostile tags on their row: no escape sequence, no extra line', () => {
    const text = formatSweepReport(
      report([
        finding('x', { owner: '\u001b]8;;http://evil\u0007ana\u001b]8;;\u0007', team: '\u001b[31mred\u001b[0m', reason: 'a\nSubject: x\n\nclick http://evil' }),
      ]),
    );
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(text.split('\n')).toHaveLength(5);
    expect(text).toMatch(/ana +red .*a Subject: x click http:\/\/evil$/m);
  });

  it('writes the report in Japanese with dates in JST', () => {
    const text = formatSweepReport(report([finding('churn', { team: '機械学習' })]), { locale: 'ja', timeZone: 'Asia/Tokyo' });
    expect(text).toContain('idle-endpoints: 適用モード、2026/11/26 18:00 JST 時点、リージョン us-east-1');
    expect(text).toMatch(/判定 +リソース +リージョン +所有者 +チーム +削減額 +実施予定 \(JST\) \/ 操作 +理由/);
    expect(text).toMatch(/実施予定 +churn .* \$1,075\.14\/月 +2026\/11\/27 18:00 +idle 7 days/);
    expect(text).toContain('検出 1 件 (実施予定 1 件)。実施予定・実施済みの削減額 $1,075.14/月。所有者への通知 0 件、エラー 0 件。');
    expect(formatSweepReport({ ...report([]), mode: 'report' }, { locale: 'ja' })).toContain('無駄は見つかりませんでした。');
  });
});

describe('formatRestoreReport', () => {
  const restored: RestoreReport = {
    actionId: 'act-1',
    sweep: 'idle-endpoints',
    resourceType: 'sagemaker:endpoint',
    resourceId: 'churn',
    region: 'us-east-1',
    restoredResourceId: 'churn',
    actedAt: '2026-11-26T09:00:00.000Z',
    restoredAt: '2026-11-26T15:00:00.000Z',
    detail: 'endpoint recreated',
    hoursInForce: 6,
    realizedSavingsUsd: 1234.5,
  };

  it('writes the realized savings in the one money format, in either language', () => {
    expect(formatRestoreReport(restored)).toBe(
      'Restored sagemaker:endpoint churn in us-east-1 (action act-1).\n  endpoint recreated\n  In force 6 h; realized savings $1,234.50.',
    );
    expect(formatRestoreReport({ ...restored, realizedSavingsUsd: null }, { locale: 'ja' })).toContain('適用期間 6 時間、実現した削減額 不明。');
  });
});
