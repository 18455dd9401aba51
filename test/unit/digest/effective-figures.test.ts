/**
 * List and effective figures side by side in the digest: a line whose savings had a
 * discount carries its effective $/month and which discount; the digest lists the
 * discounts; without any, nothing changes.
 */
import { describe, expect, it } from 'vitest';
import type { SavingsDiscount } from '../../../lib/core/finding.js';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { discountText, effectiveFields } from '../../../lib/digest/effective-figures.js';
import { renderText } from '../../../lib/digest/render-text.js';
import { weeklyDigest, type DigestInputs } from '../../../lib/digest/weekly-digest.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';

const sagemaker: SavingsDiscount = { service: 'sagemaker', percent: 18, note: 'ML Savings Plan', source: 'config' };

async function inputs(): Promise<DigestInputs> {
  return loadDigestInputs(seededLedger(), {
    week: WEEK,
    sweeps: ['idle-endpoints', 'orphan-volumes', 'rightsizing', 'runaway-training'],
    regions: ['us-east-1'],
    scheduledSweeps: [],
  });
}

describe('effective figures in the digest', () => {
  it('a discounted action shows its effective $/month and the discount; the text digest names it', async () => {
    const base = await inputs();
    const a1 = base.actions.find((a) => a.actionId === 'a1')!;
    // a1: $1.50/h list, 1,095.00/month; 18% off: 897.90.
    const discounted = { ...a1, savings: { ...a1.savings, effectiveHourlyUsd: 1.23, effectiveMonthlyUsd: 897.9, discount: sagemaker } };
    const digest = weeklyDigest({ ...base, actions: base.actions.map((a) => (a === a1 ? discounted : a)) }, { week: WEEK, now: NOW, sweeps: SWEEPS });

    expect(digest.actions.find((a) => a.actionId === 'a1')).toMatchObject({
      monthlyUsd: 1095,
      effectiveMonthlyUsd: 897.9,
      discount: 'sagemaker 18% off list (ML Savings Plan; from config)',
    });
    expect(digest.actions.find((a) => a.actionId === 'a2')).not.toHaveProperty('discount');
    expect(digest.discounts).toEqual(['sagemaker 18% off list (ML Savings Plan; from config)']);
    expect(renderText(digest)).toContain('Figures are list prices. Discounts that apply: sagemaker 18% off list (ML Savings Plan; from config)');
  });

  it('without a discount the digest is as before: no effective fields, no discounts line', async () => {
    const digest = weeklyDigest(await inputs(), { week: WEEK, now: NOW, sweeps: SWEEPS });
    expect(digest).not.toHaveProperty('discounts');
    expect(digest.actions.some((a) => 'effectiveMonthlyUsd' in a)).toBe(false);
    expect(renderText(digest)).not.toContain('Discounts that apply');
  });

  it('an unknown list figure has an unknown effective one; a measured rate says so', () => {
    const savings = {
      hourlyUsd: null,
      monthlyUsd: null,
      components: [],
      unknown: ['no price'],
      effectiveHourlyUsd: null,
      effectiveMonthlyUsd: null,
      discount: { ...sagemaker, source: 'cost-explorer' as const, note: 'Cost Explorer, 2026-10' },
    };
    expect(effectiveFields(savings)).toEqual({ effectiveMonthlyUsd: null, discount: 'sagemaker 18% off list (Cost Explorer, 2026-10; from Cost Explorer)' });
    expect(discountText(sagemaker)).toBe('sagemaker 18% off list (ML Savings Plan; from config)');
  });
});
