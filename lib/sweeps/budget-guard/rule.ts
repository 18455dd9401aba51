import { savingsFrom } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import type { TeamBudgetConfig } from '../../budgets/budget-config.js';
import { formatUsd } from '../../format/index.js';

/** Where a team stands against its budget. */
export type BudgetStatus = 'ok' | 'warning' | 'over' | 'forecast-over';

/** A team's budget as AWS Budgets reports it. */
export interface BudgetFacts {
  readonly team: string;
  readonly budgetName: string;
  readonly limitUsd: number;
  readonly actualUsd: number;
  /** `null` when AWS has no forecast yet (early in the month, or a new account). */
  readonly forecastUsd: number | null;
  /** ISO-8601: when the current budget month ends (and a tightening with it). */
  readonly periodEnd: string;
  readonly settings: TeamBudgetConfig;
}

/**
 * Classifies spend against a limit with AWS Budgets' own comparison (strictly
 * greater, as the alerts the construct creates): exactly 80% of the limit is not
 * over an 80% warning, exactly 100% is not over.
 * Severity order: `over` (actual > 100%), then `forecast-over` (forecast >
 * `forecastPercent`), then `warning` (actual > `warningPercent`).
 */
export function classifyBudget(
  spend: Pick<BudgetFacts, 'limitUsd' | 'actualUsd' | 'forecastUsd'>,
  thresholds: Pick<TeamBudgetConfig, 'warningPercent' | 'forecastPercent'>,
): BudgetStatus {
  // Compare `spend * 100 > percent * limit`: no division, so 800 of 1000 is exactly 80%.
  const above = (usd: number, percent: number) => usd * 100 > percent * spend.limitUsd;
  if (above(spend.actualUsd, 100)) return 'over';
  if (spend.forecastUsd !== null && above(spend.forecastUsd, thresholds.forecastPercent)) return 'forecast-over';
  if (above(spend.actualUsd, thresholds.warningPercent)) return 'warning';
  return 'ok';
}

const STATUS_TEXT: Record<Exclude<BudgetStatus, 'ok'>, string> = {
  over: 'over its monthly AI budget',
  'forecast-over': 'forecast to exceed its monthly AI budget',
  warning: 'past the warning level of its monthly AI budget',
};

/**
 * The guard's verdict on one team: `ok` is no finding; a breach is a report-only
 * finding (response `notify`, or a warning), or, with response `tighten` and an
 * `over` (or, with `tightenOnForecast`, `forecast-over`) budget, an action: the
 * team's stricter settings apply until the month ends. An action in force is not
 * scheduled again: the ledger's latest state says until when it holds.
 */
export function assessTeamBudget(candidate: Candidate<BudgetFacts>, now: Date, memory: ResourceMemory): Assessment {
  const f = candidate.facts;
  const status = classifyBudget(f, f.settings);
  const pct = (usd: number) => Math.round((usd / f.limitUsd) * 1000) / 10;
  const figures = `actual ${formatUsd(f.actualUsd)} (${pct(f.actualUsd)}%)` +
    `${f.forecastUsd === null ? ', no forecast yet' : `, forecast ${formatUsd(f.forecastUsd)} (${pct(f.forecastUsd)}%)`} of ${formatUsd(f.limitUsd)}`;
  if (status === 'ok') return { waste: false, reason: `within budget: ${figures}` };

  const until = f.periodEnd;
  const latest = memory.latest;
  const thisMonth = latest?.evidence.tightenedUntil === until;
  // An operator who restored this month's tightening decided against it: notify only until the month ends.
  const relaxedByOperator = latest?.status === 'restored' && thisMonth;
  const tightens =
    f.settings.response === 'tighten' &&
    !relaxedByOperator &&
    (status === 'over' || (status === 'forecast-over' && f.settings.tightenOnForecast));
  if (tightens && latest?.status === 'acted' && until > now.toISOString() && thisMonth) {
    return { waste: false, reason: `stricter limits in force until ${until}: ${figures}` };
  }
  const headline = { limitUsd: f.limitUsd, actualUsd: f.actualUsd, forecastUsd: f.forecastUsd, budgetStatus: status };
  return {
    waste: true,
    act: tightens,
    reason: `team ${f.team} is ${STATUS_TEXT[status]}: ${figures}${relaxedByOperator ? '; tightening restored by an operator this month' : ''}`,
    evidence: {
      ...headline,
      team: f.team,
      warningPercent: f.settings.warningPercent,
      forecastPercent: f.settings.forecastPercent,
      response: f.settings.response,
      ...(tightens ? { tightenedUntil: until, tightened: Object.keys(f.settings.tightened ?? {}) } : {}),
    },
    fields: headline,
    // A budget finding saves nothing by itself; what tightening saves shows up in the tightened sweeps' findings.
    savings: savingsFrom([], []),
  };
}
