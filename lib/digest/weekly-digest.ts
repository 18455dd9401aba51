/**
 * The weekly digest: every figure finance reads, computed from ledger records
 * only. Pure: records and a clock in, a typed {@link WeeklyDigest} out; no AWS
 * calls (`digest-source.ts` reads the ledger, the renderers format the result).
 *
 * Sections are keyed on ledger facts, so the digest works with any subset of
 * sweeps: actions and their in-force periods (realized and projected savings),
 * finding statuses (pending, protected, exempt, flagged), the advisory decision of
 * flagged findings (`recommend` marks a recommendation), history events (new
 * findings, adoptions) and run records (failures, schedules). One section is
 * declared by sweeps: the runaway section lists the findings of the sweeps whose
 * declaration has `digest: { section: 'runaway' }`.
 *
 * Time: ISO weeks in UTC, `[Monday 00:00, next Monday 00:00)`. Findings still open
 * (pending, protected, open recommendations, runaway jobs) are as of `now`, the
 * digest's generation time: for the scheduled digest, Monday 08:00 after the week.
 */
import { accountDirectory, accountsSection, namedRecords, type AccountsSection } from './account-section.js';
import type { BudgetLine } from './budget-section.js';
import type { TokenShowback } from './token-showback.js';
import type { OwnerDecisionsSection } from './owner-decisions.js';
import { discountsOf, effectiveFields, type EffectiveFields } from './effective-figures.js';
import { isoWeekOf, isoWeekRange } from '../core/iso-week.js';
import type { ResourceRef } from '../core/finding.js';
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';
import type { DigestSection } from '../core/sweep.js';
import { isOpen, resourceKey, type ActionRecord, type FindingStatus, type LedgerEvent, type ResourceState, type RunRecord } from '../ledger/records.js';
import { addUsd, inForceAt, projectedMonthlyUsd, realizedSavings, type TimeWindow } from './realized-savings.js';
import { checkSchedules, type ScheduleCheck, type ScheduledSweep } from './schedule-check.js';
import { SWEEPS } from '../sweeps/registry.js';
import { formatUsdPerMonth } from '../format/index.js';
import type { AiSpend } from './ai-spend.js';
import { withSpendSection, type SpendDetail, type SpendKpis, type SpendSectionInput } from './spend-section.js';
import type { UnitCostLine } from './unit-costs.js';

/** Weeks in the chart of weekly savings (the digest's week last). */
export const DEFAULT_SERIES_WEEKS = 12;

/** The ledger records one digest is computed from (see `digest-source.ts`). */
export interface DigestInputs {
  /** Every action started before the week's end (the action log: cumulative savings need them all). */
  readonly actions: readonly ActionRecord[];
  /** The week's history events. */
  readonly events: readonly LedgerEvent[];
  /** The week's run records. */
  readonly runs: readonly RunRecord[];
  /** Current states: every open finding, and every finding with an event this week. */
  readonly states: readonly ResourceState[];
  /** Start time of each sweep's first recorded run ever. */
  readonly firstRuns: Readonly<Record<string, string | undefined>>;
}

/** What the digest is for. */
export interface DigestOptions {
  /** ISO week, e.g. `2026-W47`. */
  readonly week: string;
  /** Generation time; figures of a week still in progress stop here. */
  readonly now: Date;
  /** The configured sweeps, for the schedule check. */
  readonly sweeps: readonly ScheduledSweep[];
  /** @default 12 */
  readonly seriesWeeks?: number;
  /** Team budgets as AWS Budgets reports them now (see `budgetLines`). @default - no budget section */
  readonly budgets?: readonly BudgetLine[];
  /** Why the budgets could not be read, when they could not. */
  readonly budgetsUnavailable?: string;
  /** The sweep declarations whose `digest` sections the digest has. @default - the registry's */
  readonly declarations?: readonly Pick<AnySweepDeclaration, 'name' | 'digest'>[];
  /** AI spend from Cost Explorer and the endpoints' unit costs (`spend.enabled`). @default - no spend section */
  readonly spend?: SpendSectionInput;
  /** Token showback, read from CloudWatch and Bedrock (`readTokenShowback`). @default - no token section */
  readonly tokens?: TokenShowback;
}

/** Where a line's resource is and whose it is. */
export interface ResourceLine extends ResourceRef {
  readonly sweep: string;
  readonly owner: string;
  /** `null`: no team tag (the unallocated row). */
  readonly team: string | null;
  /** The account's name in AWS Organizations, when a run of the week named it. */
  readonly accountName?: string;
}

/** One action and what it saved (at list prices; `effectiveMonthlyUsd` beside when a discount applied). */
export interface ActionLine extends ResourceLine, EffectiveFields {
  readonly actionId: string;
  /** e.g. `stop-endpoint`. */
  readonly action: string;
  readonly actedAt: string;
  readonly restoredAt: string | null;
  readonly savingsUntil: string | null;
  readonly hourlyUsd: number | null;
  readonly monthlyUsd: number | null;
  /** Hours in force within the week (up to `asOf`). */
  readonly hoursThisWeek: number;
  readonly realizedUsd: number | null;
  readonly grossUsd: number | null;
  /** What the action kept paying for this week (snapshots kept). */
  readonly keptCostUsd: number | null;
  /** Hours in force from `actedAt` to `asOf`. */
  readonly hoursToDate: number;
  readonly cumulativeUsd: number | null;
  /** In force at `asOf`. */
  readonly inForce: boolean;
  /** Saving over the next 730 h, when in force. */
  readonly projectedMonthlyUsd: number | null;
  /** Took effect within the week. */
  readonly tookEffectThisWeek: boolean;
  readonly restoredThisWeek: boolean;
  readonly reason: string;
  /** Price sources with their dates, e.g. "AWS SageMaker pricing (2026-11-01)". */
  readonly priceSources: string;
}

/** An open finding (pending, acting, protected, exempt, flagged), at list prices (see {@link EffectiveFields}). */
export interface FindingLine extends ResourceLine, EffectiveFields {
  readonly status: FindingStatus;
  readonly firstSeenAt: string;
  /** Pending: when the action may run. */
  readonly deadline: string | null;
  readonly monthlyUsd: number | null;
  /** Billed by the hour while it runs (a runaway job): shown as $/hour, never $/month. */
  readonly perHour: boolean;
  readonly reason: string;
}

/** A recommendation, open or adopted. */
export interface RecommendationLine extends FindingLine {
  /** `evidence.current` and `evidence.proposed`, as text. */
  readonly current: string | null;
  readonly proposed: string | null;
  /** When it was adopted (adopted ones only). */
  readonly adoptedAt: string | null;
}

/** A runaway training job flagged (open now, or closed this week). */
export interface RunawayLine extends FindingLine {
  readonly costSoFarUsd: number | null;
  readonly elapsedHours: number | null;
  /** Stopped by finops-ai (an action took effect). */
  readonly stopped: boolean;
  /** `running` (flagged), `stop pending`, `stopping`, `stopped`, `ended`, `gone`, `cleared`, `protected`, `exempt`. */
  readonly outcome: string;
}

/** A new finding this week (behind the "idle resource spend found" KPI). */
export interface NewFindingLine extends ResourceLine {
  readonly at: string;
  readonly status: FindingStatus;
  readonly monthlyUsd: number | null;
  readonly detail: string;
}

/** One run record of the week. */
export interface RunLine {
  readonly sweep: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly errors: number;
  readonly failures: readonly string[];
  /** The account the run swept, when it named one. */
  readonly accountId?: string;
}

/** One team's showback row. The rows add up to {@link DigestTotals} exactly. */
export interface TeamRow {
  /** `null`: resources without a team tag ("unallocated"). */
  readonly team: string | null;
  /** Actions that took effect this week. */
  readonly actions: number;
  readonly realizedUsd: number;
  readonly projectedMonthlyUsd: number;
  readonly pendingCount: number;
  readonly pendingMonthlyUsd: number;
  readonly openRecommendations: number;
  readonly openRecommendationsMonthlyUsd: number;
}

/** The headline and the totals of the team rows. */
export interface DigestTotals extends Omit<TeamRow, 'team'> {
  /** Realized before the costs kept (snapshots): `realizedUsd` + `keptCostUsd`. */
  readonly grossRealizedUsd: number;
  readonly keptCostUsd: number;
  readonly cumulativeRealizedUsd: number;
  readonly previousWeekRealizedUsd: number;
  readonly weekOverWeekChangeUsd: number;
  /** `null` when the previous week saved nothing. */
  readonly weekOverWeekChangePct: number | null;
  readonly actionsInForce: number;
  readonly protectedCount: number;
  readonly protectedMonthlyUsd: number;
  readonly restores: number;
  /** When the first action took effect ("since deployment"). */
  readonly firstActionAt: string | null;
  /** Items whose price is unknown: counted, never guessed, left out of the dollar sums. */
  readonly unknownPrice: {
    readonly actionsInForce: number;
    readonly pending: number;
    readonly protected: number;
    readonly openRecommendations: number;
  };
}

/** KPIs, named as FinOps practitioners name them; those of {@link SpendKpis} with the spend section only. */
export interface DigestKpis extends Partial<SpendKpis> {
  /** Idle resource spend found: $/month of the waste findings first recorded this week (pending, protected or exempt; not flags, recommendations or runaway jobs). */
  readonly idleResourceSpendFoundMonthlyUsd: number;
  readonly idleResourceFindings: number;
  /** Waste reduced: realized savings this week (net). */
  readonly wasteReducedUsd: number;
  /** Waste reduced, run rate: $/month of the actions in force. */
  readonly wasteReducedMonthlyUsd: number;
  /** Optimization adoption rate: adopted this week / (adopted this week + open). `null`: no recommendation. */
  readonly optimizationAdoptionRate: number | null;
  /** Unallocated share: the unallocated row's $/month (projected + pending + open recommendations) / the total's. `null`: nothing. */
  readonly unallocatedShare: number | null;
  /** Unallocated share by count of resources in the team rows. `null`: none. */
  readonly unallocatedResourceShare: number | null;
}

/** Everything the weekly digest says. Money in USD, rounded to the cent. */
export interface WeeklyDigest {
  readonly week: string;
  readonly weekStart: string;
  readonly weekEnd: string;
  readonly generatedAt: string;
  /** End of the figures: the week's end, or `generatedAt` while the week is in progress. */
  readonly asOf: string;
  readonly inProgress: boolean;
  readonly currency: 'USD';
  readonly totals: DigestTotals;
  readonly teams: readonly TeamRow[];
  /** Every action that took effect before `asOf` (the records behind realized, projected and cumulative savings). */
  readonly actions: readonly ActionLine[];
  /** Pending (grace period running) and acting (action in progress), soonest deadline first. */
  readonly pending: readonly FindingLine[];
  /** Protected and exempt waste: reported, never acted on. Largest first. */
  readonly protected: readonly FindingLine[];
  /**
   * Other open flags (decision `flagged`) of sweeps without a section of their own,
   * e.g. a team over its AI budget. Reported only. By sweep, then resource.
   */
  readonly flags: readonly FindingLine[];
  readonly runaway: {
    readonly jobs: readonly RunawayLine[];
    readonly costSoFarUsd: number;
    readonly stopped: number;
  };
  readonly recommendations: {
    /** Open, largest $/month first. */
    readonly open: readonly RecommendationLine[];
    readonly adopted: readonly RecommendationLine[];
    readonly adoptedMonthlyUsd: number;
    readonly adoptionRate: number | null;
  };
  readonly newFindings: readonly NewFindingLine[];
  readonly trust: {
    /** Actions restored this week: each one a false positive. */
    readonly restores: readonly ActionLine[];
    readonly runs: readonly RunLine[];
    readonly failedRuns: number;
    readonly failures: number;
    readonly schedules: readonly ScheduleCheck[];
  };
  readonly kpis: DigestKpis;
  /** Realized savings per week, oldest first, ending with this week. */
  readonly series: readonly { readonly week: string; readonly realizedUsd: number }[];
  /** Team AI budgets at generation time (empty without `budgets.teams`). */
  readonly budgets: { readonly teams: readonly BudgetLine[]; readonly unavailable: string | null };
  /** The discounts behind the lines' effective figures. @default - none: list prices only */
  readonly discounts?: readonly string[];
  /** Showback by account, when the week's runs swept named accounts (an organization). @default - one account */
  readonly accounts?: AccountsSection;
  /** AI spend from Cost Explorer (`spend.enabled`); `null` when it could not be read (`spendDetail.status` says why). */
  readonly spend?: AiSpend | null;
  /** Cost per 1,000 inferences of each SageMaker endpoint this week (`spend.unitCosts`). */
  readonly unitCosts?: readonly UnitCostLine[];
  /** The spend section's status, chart by team, forecast basis and unit-cost arithmetic. */
  readonly spendDetail?: SpendDetail;
  /** Bedrock tokens and dollars by team and model (`digest.tokenShowback`). @default - absent: token showback off */
  readonly tokens?: TokenShowback;
  /** What owners answered by link this week, and the snoozes ending next week. @default - absent: not read (no decisions reader) */
  readonly ownerDecisions?: OwnerDecisionsSection;
}

const NEW_FINDING_EVENTS = new Set<LedgerEvent['type']>(['detected', 'protected', 'exempted', 'flagged']);

/**
 * Computes the digest of one ISO week.
 *
 * @example
 * const digest = weeklyDigest(await loadDigestInputs(ledger, { week: '2026-W47', ... }), { week: '2026-W47', now, sweeps });
 * digest.totals.realizedUsd // 1234.56
 */
export function weeklyDigest(records: DigestInputs, options: DigestOptions): WeeklyDigest {
  // In an organization, every ref names its account (the own account's included).
  const directory = accountDirectory(records.runs);
  const inputs = namedRecords(records, directory);
  const range = isoWeekRange(options.week);
  const now = options.now;
  if (now.getTime() <= range.start.getTime()) throw new RangeError(`week ${options.week} has not started yet (now ${now.toISOString()})`);
  const asOf = new Date(Math.min(now.getTime(), range.end.getTime()));
  const window: TimeWindow = { start: range.start, end: asOf };
  const sinceEver: TimeWindow = { start: new Date(0), end: asOf };

  const actions = inputs.actions
    .filter((a) => a.actedAt !== null && new Date(a.actedAt).getTime() < asOf.getTime())
    .map((a) => actionLine(a, window, sinceEver, asOf))
    .sort((a, b) => a.actedAt.localeCompare(b.actedAt) || a.actionId.localeCompare(b.actionId));

  const runawaySweeps = new Map((options.declarations ?? SWEEPS).flatMap((d) => (d.digest?.section === 'runaway' ? [[d.name, d.digest] as const] : [])));
  // Runaway findings bill by the hour while running: their lines are read per hour, not per month.
  const findingLine = (state: ResourceState): FindingLine => findingLineOf(state, runawaySweeps.has(state.sweep));
  const open = inputs.states.filter((s) => isOpen(s.status));
  const pending = open
    .filter((s) => s.status === 'pending' || s.status === 'acting')
    .map(findingLine)
    // Soonest deadline first; actions already in progress (no deadline) last.
    .sort((a, b) => compareNullableLast(a.deadline, b.deadline) || a.resourceId.localeCompare(b.resourceId));
  const protectedLines = open
    .filter((s) => s.status === 'protected' || s.status === 'exempt')
    .map(findingLine)
    .sort(byMonthlyDesc);
  const openRecommendations = open
    .filter((s) => s.status === 'flagged' && s.decision === 'recommend')
    .map((s) => recommendationLine(s, null))
    .sort(byMonthlyDesc);

  const flags = open
    .filter((s) => s.status === 'flagged' && s.decision !== 'recommend' && !runawaySweeps.has(s.sweep))
    .map(findingLine)
    .sort((a, b) => a.sweep.localeCompare(b.sweep) || a.resourceId.localeCompare(b.resourceId));
  const stateOf = new Map(inputs.states.map((s) => [`${s.sweep}|${resourceKey(s.ref)}`, s]));
  const adopted = adoptedThisWeek(inputs.events, stateOf);
  const runaway = runawayJobs(inputs, stateOf, range, runawaySweeps);
  const newFindings = newFindingsThisWeek(inputs.events);

  const previousWeek = isoWeekOf(new Date(range.start.getTime() - 1));
  const series = weeklySeries(inputs.actions, options.week, asOf, options.seriesWeeks ?? DEFAULT_SERIES_WEEKS);
  const previousWeekRealizedUsd = series.find((p) => p.week === previousWeek)?.realizedUsd ?? realizedIn(inputs.actions, isoWeekRange(previousWeek));

  const teams = teamRows(actions, pending, openRecommendations);
  const sum = (key: Exclude<keyof TeamRow, 'team'>) => addUsd(...teams.map((t) => t[key]));
  const count = (key: Exclude<keyof TeamRow, 'team'>) => teams.reduce((n, t) => n + t[key], 0);
  const realizedUsd = sum('realizedUsd');
  const inForce = actions.filter((a) => a.inForce);
  const restores = actions.filter((a) => a.restoredThisWeek);
  const change = addUsd(realizedUsd, -previousWeekRealizedUsd);
  const totals: DigestTotals = {
    actions: count('actions'),
    realizedUsd,
    projectedMonthlyUsd: sum('projectedMonthlyUsd'),
    pendingCount: count('pendingCount'),
    pendingMonthlyUsd: sum('pendingMonthlyUsd'),
    openRecommendations: count('openRecommendations'),
    openRecommendationsMonthlyUsd: sum('openRecommendationsMonthlyUsd'),
    keptCostUsd: addUsd(...actions.map((a) => a.keptCostUsd)),
    grossRealizedUsd: addUsd(...actions.map((a) => a.grossUsd)),
    cumulativeRealizedUsd: addUsd(...actions.map((a) => a.cumulativeUsd)),
    previousWeekRealizedUsd,
    weekOverWeekChangeUsd: change,
    weekOverWeekChangePct: previousWeekRealizedUsd === 0 ? null : Math.round((change / previousWeekRealizedUsd) * 1000) / 10,
    actionsInForce: inForce.length,
    protectedCount: protectedLines.length,
    protectedMonthlyUsd: addUsd(...protectedLines.map((p) => p.monthlyUsd)),
    restores: restores.length,
    firstActionAt: actions[0]?.actedAt ?? null,
    unknownPrice: {
      actionsInForce: inForce.filter((a) => a.hourlyUsd === null).length,
      pending: pending.filter((p) => p.monthlyUsd === null).length,
      protected: protectedLines.filter((p) => p.monthlyUsd === null).length,
      openRecommendations: openRecommendations.filter((r) => r.monthlyUsd === null).length,
    },
  };

  const runs = inputs.runs
    .map((r): RunLine => ({
      sweep: r.sweep,
      runId: r.runId,
      startedAt: r.startedAt,
      errors: r.errors,
      failures: r.failures,
      ...(r.accountId ? { accountId: r.accountId } : {}),
    }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.sweep.localeCompare(b.sweep));
  const runsBySweep = new Map<string, string[]>();
  for (const run of runs) runsBySweep.set(run.sweep, [...(runsBySweep.get(run.sweep) ?? []), run.startedAt]);

  const adoptionBase = adopted.length + openRecommendations.length;
  const adoptionRate = adoptionBase === 0 ? null : adopted.length / adoptionBase;
  const identified = (row: Omit<TeamRow, 'team'> | undefined) =>
    row ? addUsd(row.projectedMonthlyUsd, row.pendingMonthlyUsd, row.openRecommendationsMonthlyUsd) : 0;
  // Resources behind the team rows, by team (null: unallocated), for the share by count.
  const behindRows = new Map<string, string | null>();
  for (const line of [...actions.filter(inTeamRows), ...pending, ...openRecommendations]) behindRows.set(`${line.sweep}|${resourceKey(line)}`, line.team);
  const unallocatedResources = [...behindRows.values()].filter((team) => team === null).length;
  // Runaway jobs bill by the hour while they run: a $/month run rate of them is no idle spend.
  const newIdle = newFindings.filter((f) => f.status !== 'flagged' && !runawaySweeps.has(f.sweep));

  const digest: WeeklyDigest = {
    week: options.week,
    weekStart: range.start.toISOString(),
    weekEnd: range.end.toISOString(),
    generatedAt: now.toISOString(),
    asOf: asOf.toISOString(),
    inProgress: asOf.getTime() < range.end.getTime(),
    currency: 'USD',
    totals,
    teams,
    actions,
    pending,
    protected: protectedLines,
    flags,
    runaway: {
      jobs: runaway,
      costSoFarUsd: addUsd(...runaway.map((j) => j.costSoFarUsd)),
      stopped: runaway.filter((j) => j.stopped).length,
    },
    recommendations: {
      open: openRecommendations,
      adopted,
      adoptedMonthlyUsd: addUsd(...adopted.map((a) => a.monthlyUsd)),
      adoptionRate,
    },
    newFindings,
    trust: {
      restores,
      runs,
      failedRuns: runs.filter((r) => r.errors > 0).length,
      failures: runs.reduce((n, r) => n + r.errors, 0),
      schedules: checkSchedules(options.sweeps, range, asOf, runsBySweep, inputs.firstRuns),
    },
    kpis: {
      idleResourceSpendFoundMonthlyUsd: addUsd(...newIdle.map((f) => f.monthlyUsd)),
      idleResourceFindings: newIdle.length,
      wasteReducedUsd: realizedUsd,
      wasteReducedMonthlyUsd: totals.projectedMonthlyUsd,
      optimizationAdoptionRate: adoptionRate,
      unallocatedShare: identified(totals) === 0 ? null : identified(teams.find((t) => t.team === null)) / identified(totals),
      unallocatedResourceShare: behindRows.size === 0 ? null : unallocatedResources / behindRows.size,
    },
    series,
    budgets: { teams: options.budgets ?? [], unavailable: options.budgetsUnavailable ?? null },
    ...withDiscounts([...actions, ...pending, ...protectedLines, ...openRecommendations, ...flags]),
    ...accountsSection({ actions: actions.filter(inTeamRows), pending, recommendations: openRecommendations }, inputs.runs, directory),
    ...(options.tokens ? { tokens: options.tokens } : {}),
  };
  return withSpendSection(digest, options.spend, inputs.states);
}

function withDiscounts(lines: readonly EffectiveFields[]): { discounts?: readonly string[] } {
  const discounts = discountsOf(lines);
  return discounts.length > 0 ? { discounts } : {};
}

function actionLine(action: ActionRecord, week: TimeWindow, sinceEver: TimeWindow, asOf: Date): ActionLine {
  const thisWeek = realizedSavings(action, week);
  const toDate = realizedSavings(action, sinceEver);
  const actedAt = action.actedAt!;
  const inWeek = (at: string | null) => at !== null && at >= week.start.toISOString() && at < week.end.toISOString();
  return {
    ...action.ref,
    sweep: action.sweep,
    owner: action.owner,
    team: action.team,
    actionId: action.actionId,
    action: action.action,
    actedAt,
    restoredAt: action.restoredAt,
    savingsUntil: action.savingsUntil ?? null,
    hourlyUsd: action.savings.hourlyUsd,
    monthlyUsd: action.savings.monthlyUsd,
    hoursThisWeek: roundHours(thisWeek.hours),
    realizedUsd: thisWeek.netUsd,
    grossUsd: thisWeek.grossUsd,
    keptCostUsd: thisWeek.keptCostUsd,
    hoursToDate: roundHours(toDate.hours),
    cumulativeUsd: toDate.netUsd,
    inForce: inForceAt(action, asOf),
    projectedMonthlyUsd: projectedMonthlyUsd(action, asOf),
    tookEffectThisWeek: inWeek(actedAt),
    restoredThisWeek: inWeek(action.restoredAt),
    reason: action.reason,
    priceSources: [...new Set(action.savings.components.map((c) => `${c.source} (${c.sourceDate})`))].join('; '),
    ...effectiveFields(action.savings),
  };
}

function findingLineOf(state: ResourceState, perHour: boolean): FindingLine {
  return {
    ...state.ref,
    sweep: state.sweep,
    owner: state.owner,
    team: state.team,
    status: state.status,
    firstSeenAt: state.firstSeenAt,
    deadline: state.status === 'pending' ? state.actAfter : null,
    monthlyUsd: state.savings.monthlyUsd,
    perHour,
    reason: state.reason,
    ...effectiveFields(state.savings),
  };
}

function recommendationLine(state: ResourceState, adoptedAt: string | null, monthlyUsd = state.savings.monthlyUsd): RecommendationLine {
  return {
    ...findingLineOf(state, false),
    monthlyUsd,
    current: describe(state.evidence.current),
    proposed: describe(state.evidence.proposed),
    adoptedAt,
  };
}

/** Recommendations closed as adopted this week, with the $/month they were worth when adopted. */
function adoptedThisWeek(events: readonly LedgerEvent[], stateOf: ReadonlyMap<string, ResourceState>): RecommendationLine[] {
  const lines = new Map<string, RecommendationLine>();
  for (const event of events.filter((e) => e.type === 'adopted').sort((a, b) => a.at.localeCompare(b.at))) {
    const key = `${event.sweep}|${resourceKey(event.ref)}`;
    const state: ResourceState = stateOf.get(key) ?? stateFromEvent(event);
    lines.set(key, { ...recommendationLine(state, event.at, event.monthlySavingsUsd), status: 'adopted', owner: event.owner, team: event.team });
  }
  return [...lines.values()].sort(byMonthlyDesc);
}

/** Runaway jobs (findings of the sweeps with a runaway section) open now, or whose finding changed this week. */
function runawayJobs(
  inputs: DigestInputs,
  stateOf: ReadonlyMap<string, ResourceState>,
  range: TimeWindow,
  sections: ReadonlyMap<string, DigestSection>,
): RunawayLine[] {
  const touched = new Set(inputs.events.filter((e) => sections.has(e.sweep)).map((e) => `${e.sweep}|${resourceKey(e.ref)}`));
  const stoppedActions = new Set(inputs.actions.filter((a) => sections.has(a.sweep) && a.actedAt).map((a) => a.actionId));
  const jobs: RunawayLine[] = [];
  for (const [key, state] of stateOf) {
    const section = sections.get(state.sweep);
    // The sweep's advice (e.g. managed spot training) is a recommendation, listed there.
    if (!section || state.status === 'watching' || state.decision === 'recommend') continue;
    if (!isOpen(state.status) && !touched.has(key) && state.updatedAt < range.start.toISOString()) continue;
    const stopped = state.status === 'acted' || (state.actionId !== null && stoppedActions.has(state.actionId));
    jobs.push({
      ...findingLineOf(state, true),
      ...section.figures(state.evidence),
      stopped,
      outcome: RUNAWAY_OUTCOME[state.status] ?? state.status,
    });
  }
  return jobs.sort((a, b) => (b.costSoFarUsd ?? -1) - (a.costSoFarUsd ?? -1) || a.resourceId.localeCompare(b.resourceId));
}

const RUNAWAY_OUTCOME: Partial<Record<FindingStatus, string>> = {
  flagged: 'running',
  pending: 'stop pending',
  acting: 'stopping',
  acted: 'stopped',
  restored: 'stopped',
};

/**
 * Findings that opened this week: the first event of each resource that opened a
 * finding (from nothing, from `watching`, or reopening a closed one).
 */
function newFindingsThisWeek(events: readonly LedgerEvent[]): NewFindingLine[] {
  const lines = new Map<string, NewFindingLine>();
  for (const event of [...events].sort((a, b) => a.at.localeCompare(b.at))) {
    const from = event.fromStatus;
    if (!NEW_FINDING_EVENTS.has(event.type) || (from !== null && from !== 'watching' && isOpen(from))) continue;
    const key = `${event.sweep}|${resourceKey(event.ref)}`;
    if (lines.has(key)) continue;
    lines.set(key, {
      ...event.ref,
      sweep: event.sweep,
      owner: event.owner,
      team: event.team,
      at: event.at,
      status: event.toStatus ?? 'pending',
      monthlyUsd: event.monthlySavingsUsd,
      detail: event.detail,
    });
  }
  return [...lines.values()].sort((a, b) => a.at.localeCompare(b.at) || a.resourceId.localeCompare(b.resourceId));
}

/** Showback rows: every team with something to show, largest first, unallocated last. */
function teamRows(actions: readonly ActionLine[], pending: readonly FindingLine[], recommendations: readonly RecommendationLine[]): TeamRow[] {
  type Mutable = { -readonly [K in keyof TeamRow]: TeamRow[K] };
  const rows = new Map<string | null, Mutable>();
  const row = (team: string | null) => {
    let r = rows.get(team);
    if (!r) {
      r = {
        team,
        actions: 0,
        realizedUsd: 0,
        projectedMonthlyUsd: 0,
        pendingCount: 0,
        pendingMonthlyUsd: 0,
        openRecommendations: 0,
        openRecommendationsMonthlyUsd: 0,
      };
      rows.set(team, r);
    }
    return r;
  };
  for (const a of actions.filter(inTeamRows)) {
    const r = row(a.team);
    if (a.tookEffectThisWeek) r.actions++;
    r.realizedUsd = addUsd(r.realizedUsd, a.realizedUsd);
    r.projectedMonthlyUsd = addUsd(r.projectedMonthlyUsd, a.projectedMonthlyUsd);
  }
  for (const p of pending) {
    const r = row(p.team);
    r.pendingCount++;
    r.pendingMonthlyUsd = addUsd(r.pendingMonthlyUsd, p.monthlyUsd);
  }
  for (const rec of recommendations) {
    const r = row(rec.team);
    r.openRecommendations++;
    r.openRecommendationsMonthlyUsd = addUsd(r.openRecommendationsMonthlyUsd, rec.monthlyUsd);
  }
  const weight = (r: TeamRow) => addUsd(r.realizedUsd, r.projectedMonthlyUsd, r.pendingMonthlyUsd, r.openRecommendationsMonthlyUsd);
  return [...rows.values()].sort((a, b) => {
    if ((a.team === null) !== (b.team === null)) return a.team === null ? 1 : -1;
    return weight(b) - weight(a) || (a.team ?? '').localeCompare(b.team ?? '');
  });
}

/** An action shows in the team rows when it took effect, saved or is in force this week. */
function inTeamRows(action: ActionLine): boolean {
  return action.tookEffectThisWeek || action.hoursThisWeek > 0 || action.inForce;
}

/** Realized savings in each of the `count` weeks ending with `week`. */
function weeklySeries(actions: readonly ActionRecord[], week: string, asOf: Date, count: number): { week: string; realizedUsd: number }[] {
  const series: { week: string; realizedUsd: number }[] = [];
  let start = isoWeekRange(week).start;
  for (let i = 0; i < count; i++) {
    const name = isoWeekOf(start);
    const range = isoWeekRange(name);
    series.unshift({ week: name, realizedUsd: realizedIn(actions, { start: range.start, end: new Date(Math.min(range.end.getTime(), asOf.getTime())) }) });
    start = new Date(start.getTime() - 7 * 86_400_000);
  }
  return series;
}

function realizedIn(actions: readonly ActionRecord[], window: TimeWindow): number {
  return addUsd(...actions.map((a) => realizedSavings(a, window).netUsd));
}

/** A closed state known only from its event (the state item was not read). */
function stateFromEvent(event: LedgerEvent): ResourceState {
  return {
    sweep: event.sweep,
    ref: event.ref,
    owner: event.owner,
    team: event.team,
    status: event.toStatus ?? 'adopted',
    version: 0,
    firstSeenAt: event.at,
    updatedAt: event.at,
    actAfter: null,
    warnedAt: null,
    reason: event.detail,
    evidence: {},
    savings: { hourlyUsd: null, monthlyUsd: event.monthlySavingsUsd, components: [], unknown: [] },
    actionId: event.actionId,
    leaseUntil: null,
  };
}

function byMonthlyDesc(a: { monthlyUsd: number | null; resourceId: string }, b: { monthlyUsd: number | null; resourceId: string }): number {
  return (b.monthlyUsd ?? -1) - (a.monthlyUsd ?? -1) || a.resourceId.localeCompare(b.resourceId);
}

function compareNullableLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** A recommendation's `current`/`proposed` evidence as one line: a string as is, an object as `key=value` pairs. */
function describe(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(describe).join(', ');
  const summary = value as { config?: unknown; monthlyUsd?: unknown };
  // A priced configuration (the rightsizing sweep's `{ config, monthlyUsd, ... }`).
  if (typeof summary.config === 'string') {
    if (typeof summary.monthlyUsd !== 'number') return summary.config;
    return `${summary.config} (${formatUsdPerMonth(summary.monthlyUsd)})`;
  }
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}
