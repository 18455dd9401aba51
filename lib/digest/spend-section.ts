/**
 * Joins the AI spend, the unit costs and the KPIs that need them to a computed
 * digest. Pure. The KPIs, as the digest explains them:
 *
 * - AI spend run rate: the week's AI spend per hour of data x 730 h.
 * - Idle resource spend share: the $/month of the open waste findings (pending,
 *   protected, exempt) over the AI spend run rate.
 * - Savings as a share of AI spend: realized savings this week over the week's AI spend.
 * - Unallocated share (Cost Explorer): the week's spend without the team tag over the week's AI spend.
 * - Forecast accuracy: 1 - |forecast - actual| / actual for last month (0 at worst), the
 *   forecast being the one stored by the month's first digest that made one.
 * - Utilization: the median peak utilization the rightsizing sweep measured on the
 *   resources it recommends resizing (GPU per GPU, CPU per vCPU).
 */
import type { ResourceState } from '../core/ledger-records.js';
import { HOURS_PER_MONTH } from '../core/finding.js';
import { aiSpend, type AiSpend, type SpendFigures, type SpendPeriods, type SpendRead } from './ai-spend.js';
import { addUsd } from './realized-savings.js';
import type { UnitCostBasis, UnitCostLine } from './unit-costs.js';

/** What the spend section is computed from (see `readSpendSection` in `spend-source.ts`). */
export interface SpendSectionInput {
  readonly read: SpendRead;
  readonly periods: SpendPeriods;
  /** Unit costs of the endpoints; absent when switched off. */
  readonly unitCosts?: { readonly lines: readonly UnitCostLine[]; readonly basis: readonly UnitCostBasis[]; readonly problem: string | null } | undefined;
}

/** The spend section's figures beyond `spend` and `unitCosts` (`spendDetail` of the JSON). */
export interface SpendDetail extends SpendFigures {
  /** How each unit cost was computed, in the order of `unitCosts`. */
  readonly unitCostBasis: readonly UnitCostBasis[];
  /** Why the unit costs could not be read, when they could not. */
  readonly unitCostProblem: string | null;
}

/** The KPIs that need AI spend (added to `kpis` when the spend section is on). */
export interface SpendKpis {
  readonly aiSpendRunRateMonthlyUsd: number | null;
  readonly idleSpendShare: number | null;
  readonly savingsShareOfSpend: number | null;
  readonly unallocatedSpendShare: number | null;
  readonly forecastAccuracy: number | null;
  readonly utilization: UtilizationKpi | null;
}

/** The rightsizing evidence, summed up. */
export interface UtilizationKpi {
  /** Resources with an open rightsizing recommendation. */
  readonly resources: number;
  /** Median of their peak GPU utilization per GPU (%); `null`: no GPU resource. */
  readonly medianPeakGpuPercent: number | null;
  /** Median of their peak CPU utilization (per vCPU, %); `null`: none measured. */
  readonly medianPeakCpuPercent: number | null;
}

/** The fields the spend section adds to the digest. */
export interface SpendSectionFields {
  readonly spend: AiSpend | null;
  readonly unitCosts?: readonly UnitCostLine[];
  readonly spendDetail: SpendDetail;
}

/** What the spend KPIs read of a computed digest. */
interface DigestPart {
  readonly totals: { readonly realizedUsd: number; readonly pendingMonthlyUsd: number; readonly protectedMonthlyUsd: number };
  readonly kpis: object;
}

/** `digest` with its spend section (`WeeklyDigest`'s optional fields); `digest` itself without `input`. */
export function withSpendSection<D extends DigestPart>(digest: D, input: SpendSectionInput | undefined, states: readonly ResourceState[]): D {
  if (!input) return digest;
  const { spend, figures } = aiSpend(input.read, input.periods);
  const hours = input.periods.weekDays * 24;
  const runRate = spend && hours > 0 ? addUsd((spend.weekUsd / hours) * HOURS_PER_MONTH) : null;
  const share = (part: number, whole: number | null | undefined) => (whole ? round4(part / whole) : null);
  const previous = figures.previousMonth;
  const kpis: SpendKpis = {
    aiSpendRunRateMonthlyUsd: runRate,
    idleSpendShare: share(addUsd(digest.totals.pendingMonthlyUsd, digest.totals.protectedMonthlyUsd), runRate),
    savingsShareOfSpend: spend ? share(digest.totals.realizedUsd, spend.weekUsd) : null,
    unallocatedSpendShare: spend ? share(spend.unallocatedUsd, spend.weekUsd) : null,
    forecastAccuracy:
      previous.forecast && previous.actualUsd > 0
        ? round4(Math.max(0, 1 - Math.abs(previous.forecast.forecastUsd - previous.actualUsd) / previous.actualUsd))
        : null,
    utilization: utilizationKpi(states),
  };
  const detail: SpendDetail = { ...figures, unitCostBasis: input.unitCosts?.basis ?? [], unitCostProblem: input.unitCosts?.problem ?? null };
  const fields: SpendSectionFields = { spend, ...(input.unitCosts ? { unitCosts: input.unitCosts.lines } : {}), spendDetail: detail };
  return { ...digest, kpis: { ...digest.kpis, ...kpis }, ...fields };
}

/** The rightsizing evidence of open recommendations: peak GPU per GPU and peak CPU, as medians. */
export function utilizationKpi(states: readonly ResourceState[]): UtilizationKpi | null {
  const open = states.filter((s) => s.sweep === 'rightsizing' && s.status === 'flagged' && s.decision === 'recommend');
  if (open.length === 0) return null;
  const numbers = (key: string) => open.map((s) => s.evidence[key]).filter((v): v is number => typeof v === 'number');
  const cpu = [
    ...numbers('peakCpuPerVcpuPercent'),
    ...open.filter((s) => typeof s.evidence.peakCpuPerVcpuPercent !== 'number').flatMap((s) => numberOf(s.evidence.peakCpuPercent)),
  ];
  return { resources: open.length, medianPeakGpuPercent: median(numbers('peakGpuPerGpuPercent')), medianPeakCpuPercent: median(cpu) };
}

function numberOf(value: unknown): number[] {
  return typeof value === 'number' ? [value] : [];
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return Math.round((sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
