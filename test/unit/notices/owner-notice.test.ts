import { describe, expect, it } from 'vitest';
import { savingsFrom, type Finding } from '../../../lib/core/finding.js';
import { composeOwnerNotices, MAX_RESOURCES_PER_MESSAGE, type NoticeContext, type NoticeItem } from '../../../lib/notices/owner-notice.js';

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

function finding(id: string, owner: string, patch: Partial<Finding> = {}): Finding {
  return {
    resourceType: 'sagemaker:endpoint',
    resourceId: id,
    arn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${id}`,
    region: 'us-east-1',
    sweep: 'idle-endpoints',
    owner,
    team: 'risk',
    decision: 'pending',
    reason: 'no invocations in the last 7 days (1 variant)',
    actAfter: '2026-11-27T09:00:00.000Z',
    estimatedMonthlySavingsUsd: 537.57,
    savings: savingsFrom(
      [
        {
          item: 'ml.g4dn.xlarge (variant AllTraffic)',
          quantity: 1,
          usdPerHour: 0.7364,
          source: 'github:x/y@abc',
          sourceDate: '2025-01-26',
          regionBasis: 'unstated',
        },
      ],
      [],
    ),
    evidence: {},
    ...patch,
  };
}

describe('composeOwnerNotices', () => {
  const items: NoticeItem[] = [
    { event: 'pending', finding: finding('churn', 'ana@example.com') },
    { event: 'acted', finding: finding('vision', 'ana@example.com', { decision: 'acted', actionId: 'act-1', actAfter: null, team: 'vision' }) },
    { event: 'protected', finding: finding('payments', 'lee@example.com', { decision: 'protected', actAfter: null }) },
  ];
  const notices = composeOwnerNotices(items, context);

  it('makes one message per owner with all their resources', () => {
    expect(notices.map((n) => [n.owner, n.items.length, n.events, n.teams])).toEqual([
      ['ana@example.com', 2, ['acted', 'pending'], ['risk', 'vision']],
      ['lee@example.com', 1, ['protected'], ['risk']],
    ]);
  });

  it('has a short one-line subject that counts what happened', () => {
    expect(notices[0]!.subject).toBe('[FinOps AI] Idle SageMaker endpoints: 1 stopped, 1 scheduled');
    for (const n of notices) expect(n.subject.length).toBeLessThanOrEqual(100);
  });

  it('tells the owner what, why, how much, when, and how to keep or restore', () => {
    const body = notices[0]!.body;
    expect(body).toContain('Hello ana@example.com');
    expect(body).toContain('churn (us-east-1, team risk) ~$537.57/month');
    expect(body).toContain('why:     no invocations in the last 7 days');
    expect(body).toContain('when:    not before 2026-11-27 09:00 UTC');
    expect(body).toContain(
      'keep:    aws sagemaker add-tags --region us-east-1 --resource-arn arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn --tags Key=finops:exempt,Value=true',
    );
    expect(body).toContain('restore: finops-ai restore act-1');
    expect(body).toContain('tag finops:snooze-until=YYYY-MM-DD');
    expect(body).toContain('1 x ml.g4dn.xlarge (variant AllTraffic) at $0.7364/h (github:x/y@abc, 2025-01-26) [source states no region]');
  });

  it('says "savings unknown" and why when there is no price', () => {
    const [n] = composeOwnerNotices(
      [
        {
          event: 'pending',
          finding: finding('x', 'kim', {
            estimatedMonthlySavingsUsd: null,
            savings: savingsFrom([], ['no SageMaker hosting price for ml.m5.large in us-east-1']),
          }),
        },
      ],
      context,
    );
    expect(n!.body).toContain('savings unknown');
    expect(n!.body).toContain('price:   unknown - no SageMaker hosting price for ml.m5.large in us-east-1');
  });

  it('splits a huge list into complete parts below the SNS limit, never dropping a resource', () => {
    const many = Array.from({ length: 1234 }, (_, i) => ({ event: 'pending' as const, finding: finding(`endpoint-${i}`, 'ana') }));
    const parts = composeOwnerNotices(many, context);
    expect(parts).toHaveLength(Math.ceil(1234 / MAX_RESOURCES_PER_MESSAGE));
    expect(parts[0]!.subject).toMatch(/\(part 1\/25\)$/);
    for (const p of parts) {
      expect(Buffer.byteLength(p.body)).toBeLessThan(256 * 1024);
      expect(p.subject.length).toBeLessThanOrEqual(100);
      for (const item of p.items) expect(p.body).toContain(`* ${item.finding.resourceId} (`);
    }
    expect(parts.flatMap((p) => p.items.map((i) => i.finding.resourceId))).toEqual(many.map((m) => m.finding.resourceId));
  });
});
