import { BudgetGuardEvidenceSchema } from '../../budgets/budget-guard-ledger.js';
import { classifyBudget, type BudgetFacts, type BudgetStatus } from '../../budgets/budget-status.js';
import { readEvidence } from '../../core/evidence.js';
import { savingsFrom } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import { formatUsd } from '../../format/index.js';

export { classifyBudget, type BudgetFacts, type BudgetStatus };

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
  const figures =
    `actual ${formatUsd(f.actualUsd)} (${pct(f.actualUsd)}%)` +
    `${f.forecastUsd === null ? ', no forecast yet' : `, forecast ${formatUsd(f.forecastUsd)} (${pct(f.forecastUsd)}%)`} of ${formatUsd(f.limitUsd)}`;
  if (status === 'ok') return { waste: false, reason: `within budget: ${figures}` };

  const until = f.periodEnd;
  const latest = memory.latest;
  const thisMonth = latest ? readEvidence(BudgetGuardEvidenceSchema, latest.evidence).tightenedUntil === until : false;
  // An operator who restored this month's tightening decided against it: notify only until the month ends.
  const relaxedByOperator = latest?.status === 'restored' && thisMonth;
  const tightens =
    f.settings.response === 'tighten' && !relaxedByOperator && (status === 'over' || (status === 'forecast-over' && f.settings.tightenOnForecast));
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
