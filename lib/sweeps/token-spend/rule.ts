/**
 * The token-spend rule. Pure: a spender's hourly tokens, the config, the run's prices in,
 * a verdict out. A spender (a team's profiles, an untagged profile, a model invoked
 * directly) is flagged, URGENT and report-only, when:
 * - `spike`: its token cost over the last `windowHours` complete hours is over
 *   `spikeFactor` x its baseline (the median cost of the same hours on each of the last
 *   `baselineDays` days) and at least `minWindowCostUsd`;
 * - `daily-cap`: a team's cost so far today (UTC) is over its `dailyCapUsd`.
 * Cost = input tokens / 1,000 x the model's input price + output tokens / 1,000 x its
 * output price. When a price is unknown the dollars stay `null`, the spike is judged on
 * tokens (`minWindowTokens`) and the cap cannot be checked (said in the evidence).
 */
import { roundUsd, savingsFrom, type JsonValue, type PricedComponent } from '../../core/finding.js';
import type { PriceBookPort, PriceQuote } from '../../core/price-port.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import { sumKnown, tokenCost } from '../../aws/token-usage.js';
import { formatNumber, formatUsd } from '../../format/index.js';
import type { TokenSpendConfig } from './config.js';
import type { TokenSpendFacts } from './facts.js';
import { windowOf } from './spenders.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Tokens and dollars of a spender over some hours, and per model. */
interface Spend {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** `null` when a price is unknown. */
  readonly costUsd: number | null;
  readonly models: readonly ModelSpend[];
}

interface ModelSpend {
  readonly modelId: string;
  readonly tokens: number;
  readonly costUsd: number | null;
  readonly quotes: readonly PriceQuote[];
  readonly unknown: readonly string[];
}

/** The spender's spend in [from, to), hours indexed from `facts.hourStart`. */
function spendBetween(facts: TokenSpendFacts, region: string, from: Date, to: Date, prices: PriceBookPort): Spend {
  const start = new Date(facts.hourStart).getTime();
  const lo = Math.max(0, Math.round((from.getTime() - start) / HOUR));
  const hi = Math.max(lo, Math.ceil((to.getTime() - start) / HOUR));
  const sum = (values: readonly number[]) => values.slice(lo, hi).reduce((a, b) => a + b, 0);
  const byModel = new Map<string, { tokens: number; costs: (number | null)[]; quotes: PriceQuote[]; unknown: string[] }>();
  let inputTokens = 0;
  let outputTokens = 0;
  for (const m of facts.members) {
    const [input, output] = [sum(m.inputTokens), sum(m.outputTokens)];
    inputTokens += input;
    outputTokens += output;
    const cost = tokenCost(region, m.pricedModelId, input, output, prices, m.unpricedWhy);
    const key = m.pricedModelId ?? m.usageId;
    const entry = byModel.get(key) ?? { tokens: 0, costs: [], quotes: [], unknown: [] };
    entry.tokens += input + output;
    entry.costs.push(cost.costUsd);
    entry.quotes.push(...cost.quotes);
    entry.unknown.push(...cost.unknown);
    byModel.set(key, entry);
  }
  const models = [...byModel.entries()]
    .map(([modelId, e]) => ({ modelId, tokens: e.tokens, costUsd: sumKnown(e.costs), quotes: e.quotes, unknown: [...new Set(e.unknown)] }))
    .sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.tokens - a.tokens);
  return { inputTokens, outputTokens, costUsd: sumKnown(models.map((m) => m.costUsd)), models };
}

/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The daily cap of a team spender (its own, else every team's); none for other spenders. */
export function capOf(facts: Pick<TokenSpendFacts, 'kind' | 'label'>, config: Pick<TokenSpendConfig, 'dailyCapUsd' | 'dailyCapUsdByTeam'>): number | null {
  if (facts.kind !== 'team') return null;
  return Object.hasOwn(config.dailyCapUsdByTeam, facts.label) ? config.dailyCapUsdByTeam[facts.label]! : (config.dailyCapUsd ?? null);
}

const usd = (value: number | null) => formatUsd(value === null ? null : roundUsd(value, 2));
const tokens = (n: number) => formatNumber(n);
const cents = (value: number | null) => (value === null ? null : roundUsd(value, 2));

/**
 * Decides whether one spender's token spend is a spike or over its cap.
 *
 * @example
 * // nlp: $31.50 in the last 3 h against a $1.05 median for those hours, $40.20 today:
 * assessTokenSpend(candidate, config, now, { watchingSince: null }, prices)
 * // => { waste: true, act: false, reason: 'token spend of $31.50 in the last 3 h is 30.0x its 14-day median ...', fields: { costSoFarUsd: 40.2, ... } }
 */
export function assessTokenSpend(
  candidate: Candidate<TokenSpendFacts>,
  config: TokenSpendConfig,
  now: Date,
  memory: ResourceMemory,
  prices: PriceBookPort,
): Assessment {
  const { facts, ref } = candidate;
  const w = windowOf(now, config);
  const spend = (from: Date, to: Date) => spendBetween(facts, ref.region, from, to, prices);
  const window = spend(w.windowStart, w.end);
  const today = spend(w.dayStart, new Date(now.getTime() + HOUR));
  const days = Array.from({ length: config.baselineDays }, (_, i) =>
    spend(new Date(w.windowStart.getTime() - (i + 1) * DAY), new Date(w.end.getTime() - (i + 1) * DAY)),
  );
  const windowTokens = window.inputTokens + window.outputTokens;
  const priced = window.costUsd !== null && days.every((d) => d.costUsd !== null);
  const baselineCost = priced ? median(days.map((d) => d.costUsd!)) : null;
  const baselineTokens = median(days.map((d) => d.inputTokens + d.outputTokens));
  const notes: string[] = [];
  const fired: string[] = [];
  const why: string[] = [];

  const versus = (value: number, base: number, baseText: string) =>
    base === 0
      ? `with none in those hours over the last ${config.baselineDays} days`
      : `${formatNumber(value / base, 'en', 1)}x its ${config.baselineDays}-day median for those hours (${baseText})`;
  if (priced) {
    if (window.costUsd >= config.minWindowCostUsd && window.costUsd > config.spikeFactor * baselineCost!) {
      fired.push('spike');
      why.push(`token spend of ${usd(window.costUsd)} in the last ${config.windowHours} h, ${versus(window.costUsd, baselineCost!, usd(baselineCost))}`);
    }
  } else {
    notes.push('a price is unknown: the spike is judged on tokens, not dollars');
    if (windowTokens >= config.minWindowTokens && windowTokens > config.spikeFactor * baselineTokens) {
      fired.push('spike');
      why.push(
        `${tokens(windowTokens)} tokens in the last ${config.windowHours} h, ${versus(windowTokens, baselineTokens, `${tokens(baselineTokens)} tokens`)}`,
      );
    }
  }
  const cap = capOf(facts, config);
  if (cap !== null && today.costUsd === null) notes.push(`daily cap ${usd(cap)} not checked: the cost so far today is unknown`);
  if (cap !== null && today.costUsd !== null && today.costUsd > cap) {
    fired.push('daily-cap');
    why.push(`${usd(today.costUsd)} so far today (UTC), over its ${usd(cap)} daily cap`);
  }

  const modelLine = (m: ModelSpend) => `${m.modelId}: ${tokens(m.tokens)} tokens, ${usd(m.costUsd)}`;
  const rules = fired.join(', ') || 'none';
  // Scalars first: owner notices print them. Details an owner rarely needs are nested.
  const evidence: Record<string, JsonValue> = {
    spender: `${facts.kind} ${facts.label}`,
    rules,
    windowHours: config.windowHours,
    windowCostUsd: cents(window.costUsd),
    baselineCostUsd: cents(baselineCost),
    windowInputTokens: window.inputTokens,
    windowOutputTokens: window.outputTokens,
    baselineTokens,
    todayCostUsd: cents(today.costUsd),
    todayInputTokens: today.inputTokens,
    todayOutputTokens: today.outputTokens,
    dailyCapUsd: cap,
    models: window.models.map(modelLine).join('; ') || 'none',
    modelsToday: today.models.map(modelLine).join('; ') || 'none',
    ...(facts.profiles.length ? { profiles: facts.profiles.join(', ') } : {}),
    ...(notes.length ? { notes: notes.join('; ') } : {}),
    details: {
      basis: priced ? 'dollars' : 'tokens',
      spikeFactor: config.spikeFactor,
      windowStart: w.windowStart.toISOString(),
      windowEnd: w.end.toISOString(),
      dayStart: w.dayStart.toISOString(),
      baselineByDay: days.map((d) => (priced ? cents(d.costUsd) : d.inputTokens + d.outputTokens)),
      pricing: 'input tokens / 1000 x input price + output tokens / 1000 x output price, per model and region',
    },
  };
  const fields = { costSoFarUsd: cents(today.costUsd), windowCostUsd: cents(window.costUsd), baselineCostUsd: cents(baselineCost), rules: fired };

  if (fired.length === 0) {
    const base = priced ? `its ${config.baselineDays}-day median ${usd(baselineCost)}` : `its median ${tokens(baselineTokens)} tokens`;
    return {
      waste: false,
      reason: `token spend ${priced ? usd(window.costUsd) : `${tokens(windowTokens)} tokens`} in the last ${config.windowHours} h, within ${config.spikeFactor}x ${base}; ${usd(today.costUsd)} so far today`,
    };
  }
  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  for (const m of window.models) {
    if (m.costUsd === null) unknown.push(...m.unknown.map((u) => `${m.modelId}: ${u}`));
    else if (m.quotes[0]) {
      const q = m.quotes[0];
      components.push({
        item: `${m.modelId} tokens at the last ${config.windowHours} h's rate`,
        quantity: 1,
        usdPerHour: roundUsd(m.costUsd / config.windowHours, 6),
        source: q.source,
        sourceDate: q.sourceDate,
        regionBasis: m.quotes.some((x) => x.regionBasis === 'unstated') ? 'unstated' : 'stated',
        ...(q.note ? { note: q.note } : {}),
      });
    }
  }
  const top = window.models.slice(0, 3).map((m) => m.modelId);
  return {
    waste: true,
    act: false,
    reason: `${why.join('; ')}; ${tokens(windowTokens)} tokens in the window, ${usd(today.costUsd)} so far today; models: ${top.join(', ')}`,
    evidence,
    fields,
    savings: savingsFrom(components, unknown),
    changed: memory.previous != null && memory.previous.evidence.rules !== rules,
  };
}
