/**
 * Owner notices in English and Japanese: one money format, jobs in $/hour, dates in
 * the configured zone, and tag text that cannot add lines or escape sequences.
 */
import { describe, expect, it } from 'vitest';
import { savingsFrom, type Finding } from '../../../lib/core/finding.js';
import { composeOwnerNotices, MAX_SUBJECT, type NoticeContext, type NoticeItem } from '../../../lib/notices/owner-notice.js';
import { englishIn } from '../format/english-fragments.js';

const context: NoticeContext = {
  sweep: 'idle-endpoints',
  sweepTitle: 'Idle SageMaker endpoints',
  actionDescription: 'stop the endpoint (delete it, keeping its endpoint config and model, so it can be restored)',
  actionDone: 'stopped',
  exemptTagKey: 'finops:exempt',
  snoozeTagKey: 'finops:snooze-until',
  tagCommand: (ref, k, v) => `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags Key=${k},Value=${v}`,
  now: new Date('2026-11-26T09:00:00Z'),
};

const PRICE = { item: 'ml.g4dn.xlarge', quantity: 1, usdPerHour: 0.7364, source: 'github:x/y@abc', sourceDate: '2025-01-26', regionBasis: 'stated' as const };

function finding(id: string, patch: Partial<Finding> = {}): Finding {
  return {
    resourceType: 'sagemaker:endpoint',
    resourceId: id,
    arn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${id}`,
    region: 'us-east-1',
    sweep: 'idle-endpoints',
    owner: 'ana@example.com',
    team: 'risk',
    decision: 'pending',
    reason: 'invocations=0 (7d)',
    actAfter: '2026-11-27T09:00:00.000Z',
    estimatedMonthlySavingsUsd: 1075.14,
    savings: savingsFrom([{ ...PRICE, usdPerHour: 1.4728 }], []),
    evidence: {},
    ...patch,
  };
}

describe('money in notices', () => {
  it('writes monthly savings with thousands separators', () => {
    const [n] = composeOwnerNotices([{ event: 'pending', finding: finding('churn') }], context);
    expect(n!.body).toContain('churn (us-east-1, team risk) ~$1,075.14/month');
  });

  it('writes a sub-cent storage rate with 4 significant digits, not 20', () => {
    const volume = finding('vol-1', {
      savings: savingsFrom([{ ...PRICE, item: 'gp2 storage (1 GiB)', usdPerHour: 0.00018904109589041096 }], []),
      estimatedMonthlySavingsUsd: 0.14,
    });
    const [n] = composeOwnerNotices([{ event: 'recommendation', finding: volume }], context);
    expect(n!.body).toContain('1 x gp2 storage (1 GiB) at $0.0001890/h (github:x/y@abc, 2025-01-26)');
    expect(n!.body).not.toMatch(/\$0\.000189041/);
  });

  it('shows a runaway training job its cost so far and $/hour, never $/month', () => {
    const job = finding('runaway-time', {
      resourceType: 'sagemaker:training-job',
      sweep: 'runaway-training',
      decision: 'flagged',
      actAfter: null,
      costSoFarUsd: 991.44,
      estimatedMonthlySavingsUsd: 24125.04,
      savings: savingsFrom([{ ...PRICE, item: 'ml.p3.2xlarge', quantity: 8, usdPerHour: 4.131 }], []),
      evidence: { elapsedHours: 30 },
    });
    const [n] = composeOwnerNotices([{ event: 'runaway', finding: job }], {
      ...context,
      sweep: 'runaway-training',
      sweepTitle: 'Runaway SageMaker training jobs',
      urgentEvent: 'runaway',
    });
    expect(n!.body).toContain('runaway-time (us-east-1, team risk) $991.44 so far, $33.048/h');
    expect(n!.body).not.toContain('/month');
    expect(n!.subject).toBe('[FinOps AI] URGENT Runaway SageMaker training jobs: 1 runaway');
  });
});

describe('hostile tag text', () => {
  const hostile: NoticeItem[] = [
    {
      event: 'pending',
      finding: finding('ep-1', { owner: 'ana@example.com', team: 'a\nSubject: x\n\nclick http://evil', reason: 'idle\u001b[31m red \u001b[0m\u202Eevil' }),
    },
    {
      event: 'protected',
      finding: finding('\u001b]8;;http://evil\u0007link\u001b]8;;\u0007', {
        owner: 'ana@example.com',
        team: '\u0000',
        decision: 'protected',
        reason: 'x'.repeat(10_000),
      }),
    },
  ];
  const [n] = composeOwnerNotices(hostile, context);

  it('cannot add lines, headers or escape sequences to the body', () => {
    expect(n!.body).toContain('ep-1 (us-east-1, team a Subject: x click http://evil)');
    expect(n!.body).not.toMatch(/^Subject:/m);
    expect(n!.body).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(n!.body).toContain('* link (us-east-1, team )');
    expect(n!.body).toContain('why:     idle red evil');
  });

  it('bounds a 10,000-character reason', () => {
    const why = n!.body.split('\n').find((l) => l.includes('why:     xxx'))!;
    expect(why.length).toBeLessThan(2100);
    expect(why.endsWith('…')).toBe(true);
  });

  it('keeps subjects single-line printable ASCII within the SNS limit', () => {
    const [s] = composeOwnerNotices([{ event: 'pending', finding: finding('ep-1') }], {
      ...context,
      sweepTitle: 'Idle\nSubject: x \u001b[31m東京 '.repeat(20),
    });
    expect(s!.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(s!.subject.length).toBeLessThanOrEqual(MAX_SUBJECT);
  });
});

describe('notices in Japanese', () => {
  const ja: NoticeContext = { ...context, locale: 'ja', timeZone: 'Asia/Tokyo' };
  const items: NoticeItem[] = [
    { event: 'pending', finding: finding('churn') },
    { event: 'acted', finding: finding('vision', { decision: 'acted', actionId: 'act-1', actAfter: null, team: null }) },
    {
      event: 'protected',
      finding: finding('payments', { decision: 'protected', actAfter: null, estimatedMonthlySavingsUsd: null, savings: savingsFrom([], ['ml.x: 価格なし']) }),
    },
  ];
  const [n] = composeOwnerNotices(items, ja);

  it('writes the body in Japanese, dates in JST, money in USD with separators', () => {
    expect(n!.body).toContain('ana@example.com 様');
    expect(n!.body).toContain('FinOps AI のスイープ「アイドル状態の SageMaker エンドポイント」(idle-endpoints) を 2026/11/26 18:00 JST に実行しました。');
    expect(n!.body).toContain('* churn (us-east-1、チーム risk) 約 $1,075.14/月');
    expect(n!.body).toContain('実施予定: 2026/11/27 18:00 JST 以降');
    expect(n!.body).toContain('* vision (us-east-1、チーム 未割り当て)');
    expect(n!.body).toContain('復元:     finops-ai restore act-1');
    expect(n!.body).toContain('* payments (us-east-1、チーム risk) 削減額は不明');
    expect(n!.body).toContain('価格:     不明 - ml.x: 価格なし');
    expect(n!.body).toContain('恒久的に除外する:  タグ finops:exempt=true を付けてください');
  });

  it('contains no English from the catalogue', () => {
    const ids = [context.exemptTagKey, context.snoozeTagKey, ...items.map((i) => context.tagCommand(i.finding, context.exemptTagKey, 'true'))];
    expect(englishIn(n!.body, 'ja', ids)).toEqual([]);
    // The English notice of the same items does contain it (the check can fail).
    const [english] = composeOwnerNotices(items, context);
    expect(englishIn(english!.body, 'ja', ids).length).toBeGreaterThan(10);
  });

  it('keeps the subject in ASCII (SNS subjects are ASCII)', () => {
    expect(n!.subject).toBe('[FinOps AI] Idle SageMaker endpoints: 1 stopped, 1 scheduled, 1 protected');
  });
});
