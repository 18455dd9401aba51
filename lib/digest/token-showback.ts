/**
 * Token showback of the weekly digest (pure): Bedrock tokens and their dollars by team and
 * by model, cost per million tokens, week over week, and the share of AI spend.
 *
 * - Tokens: the week's `InputTokenCount` and `OutputTokenCount` sums of `AWS/Bedrock`, by `ModelId`.
 * - Team: the team tag of the application inference profile the tokens went through;
 *   untagged profiles and models invoked directly are unallocated.
 * - Dollars: input tokens / 1,000 x the model's input price + output tokens / 1,000 x its
 *   output price, in the tokens' region (see `lib/aws/token-usage.ts` for which model's
 *   price applies). A sum with any unknown price is `null` (a partial sum would understate
 *   silently); the unpriced usage is listed with why.
 */
import { roundUsd, type Tags } from '../core/finding.js';
import type { PriceBookPort } from '../core/price-port.js';
import { sumKnown, tokenCost, usdPerMillion, type UsageSource } from '../aws/token-usage.js';
import { describeQuote } from '../prices/price-book.js';

/** Tokens of one `ModelId` in one week. */
export interface TokenSums {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly invocations: number;
}

/** What one region read. */
export interface RegionTokenUsage {
  readonly region: string;
  readonly sources: readonly UsageSource[];
  /** By `usageId`. */
  readonly thisWeek: ReadonlyMap<string, TokenSums>;
  readonly previousWeek: ReadonlyMap<string, TokenSums>;
  /** The region's prices (live for the declared keys, then bundled). */
  readonly prices: PriceBookPort;
}

/** A team's tokens and dollars (the `digest --json` contract). */
export interface TokenTeamRow {
  readonly team: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** `null` when a price its tokens need is unknown. */
  readonly costUsd: number | null;
}

/** A model's tokens and dollars in one region (the `digest --json` contract). */
export interface TokenModelRow {
  /** The model whose price applies; a profile whose model cannot be told keeps its own id. */
  readonly modelId: string;
  readonly region: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number | null;
  /** costUsd / (input + output tokens) x 1,000,000; `null` when the cost is. */
  readonly usdPerMillionTokens: number | null;
}

/** The digest's `tokens` section. The first three fields are the `digest --json` contract. */
export interface TokenShowback {
  /** Teams with tokens this week, costliest first (unknown last). */
  readonly byTeam: readonly TokenTeamRow[];
  readonly byModel: readonly TokenModelRow[];
  /** Tokens of untagged profiles and direct model calls; `null` when a price is unknown. */
  readonly unallocatedCostUsd: number | null;
  readonly unallocated: { readonly inputTokens: number; readonly outputTokens: number };
  readonly total: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly invocations: number;
    readonly costUsd: number | null;
    readonly usdPerMillionTokens: number | null;
  };
  readonly previousWeek: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly costUsd: number | null;
    readonly byTeam: readonly { readonly team: string; readonly costUsd: number | null }[];
    readonly unallocatedCostUsd: number | null;
  };
  /** (this week - last week) / last week, in percent to one decimal; `null` when either is unknown or last week was 0. */
  readonly weekOverWeekChangePct: number | null;
  /** This week's token dollars / the week's AI spend; `null` while no AI spend figure is available. */
  readonly aiSpendShare: number | null;
  /** Usage whose dollars are unknown, with why. */
  readonly unpriced: readonly { readonly usageId: string; readonly modelId: string | null; readonly region: string; readonly reason: string }[];
  /** Every price behind the figures, one line each (`describeQuote`). */
  readonly priceSources: readonly string[];
  /** Regions that could not be read, with why (their tokens are missing from every figure). */
  readonly unavailable: readonly { readonly region: string; readonly reason: string }[];
}

/** Options of {@link tokenShowback}. */
export interface TokenShowbackOptions {
  /** The tag key naming a profile's team (`tagKeys.team`). */
  readonly teamTagKey: string;
  /** The week's AI spend in USD, when another section knows it. @default - unknown: no share */
  readonly aiSpendUsd?: number | null;
  readonly unavailable?: readonly { readonly region: string; readonly reason: string }[];
}

const ZERO: TokenSums = { inputTokens: 0, outputTokens: 0, invocations: 0 };

function teamOf(tags: Tags, key: string): string | null {
  const team = tags[key]?.trim() ?? '';
  return team === '' ? null : team;
}

interface Priced {
  readonly team: string | null;
  readonly modelId: string;
  readonly region: string;
  readonly sums: TokenSums;
  readonly costUsd: number | null;
}

function accumulate<K>(map: Map<K, Priced[]>, key: K, item: Priced): void {
  map.set(key, [...(map.get(key) ?? []), item]);
}

function cents(value: number | null): number | null {
  return value === null ? null : roundUsd(value, 2);
}

function totalsOf(items: readonly Priced[]) {
  return {
    inputTokens: items.reduce((n, i) => n + i.sums.inputTokens, 0),
    outputTokens: items.reduce((n, i) => n + i.sums.outputTokens, 0),
    invocations: items.reduce((n, i) => n + i.sums.invocations, 0),
    costUsd: sumKnown(items.map((i) => i.costUsd)),
  };
}

const byCostDesc = (a: { costUsd: number | null }, b: { costUsd: number | null }) =>
  (a.costUsd === null ? 1 : 0) - (b.costUsd === null ? 1 : 0) || (b.costUsd ?? 0) - (a.costUsd ?? 0);

/**
 * Computes the section from what each region read.
 *
 * @example
 * tokenShowback([{ region: 'us-east-1', sources, thisWeek, previousWeek, prices: defaultPriceBook }], { teamTagKey: 'team' }).byTeam
 * // => [{ team: 'nlp', inputTokens: 2000000, outputTokens: 500000, costUsd: 0.14 }]
 */
export function tokenShowback(regions: readonly RegionTokenUsage[], options: TokenShowbackOptions): TokenShowback {
  const week: Priced[] = [];
  const before: Priced[] = [];
  const unpriced: TokenShowback['unpriced'][number][] = [];
  const sources = new Set<string>();
  for (const r of regions) {
    for (const s of r.sources) {
      const team = teamOf(s.tags, options.teamTagKey);
      const modelId = s.pricedModelId ?? s.usageId;
      for (const [sums, into, current] of [
        [r.thisWeek.get(s.usageId) ?? ZERO, week, true],
        [r.previousWeek.get(s.usageId) ?? ZERO, before, false],
      ] as const) {
        if (sums.inputTokens === 0 && sums.outputTokens === 0 && sums.invocations === 0) continue;
        const cost = tokenCost(r.region, s.pricedModelId, sums.inputTokens, sums.outputTokens, r.prices, s.unpricedWhy);
        into.push({ team, modelId, region: r.region, sums, costUsd: cost.costUsd });
        if (!current) continue;
        for (const q of cost.quotes) sources.add(describeQuote(q));
        if (cost.costUsd === null) unpriced.push({ usageId: s.usageId, modelId: s.pricedModelId, region: r.region, reason: cost.unknown.join('; ') });
      }
    }
  }

  const teams = new Map<string, Priced[]>();
  const models = new Map<string, Priced[]>();
  for (const p of week) {
    if (p.team !== null) accumulate(teams, p.team, p);
    accumulate(models, `${p.region}|${p.modelId}`, p);
  }
  const byTeam = [...teams.entries()]
    .map(([team, items]): TokenTeamRow => {
      const t = totalsOf(items);
      return { team, inputTokens: t.inputTokens, outputTokens: t.outputTokens, costUsd: cents(t.costUsd) };
    })
    .sort((a, b) => byCostDesc(a, b) || a.team.localeCompare(b.team));
  const byModel = [...models.values()]
    .map((items): TokenModelRow => {
      const t = totalsOf(items);
      const { modelId, region } = items[0]!;
      return {
        modelId,
        region,
        inputTokens: t.inputTokens,
        outputTokens: t.outputTokens,
        costUsd: cents(t.costUsd),
        usdPerMillionTokens: usdPerMillion(t.costUsd, t.inputTokens + t.outputTokens),
      };
    })
    .sort((a, b) => byCostDesc(a, b) || a.region.localeCompare(b.region) || a.modelId.localeCompare(b.modelId));

  const total = totalsOf(week);
  const unallocated = totalsOf(week.filter((p) => p.team === null));
  const previous = totalsOf(before);
  const previousTeams = new Map<string, Priced[]>();
  for (const p of before) if (p.team !== null) accumulate(previousTeams, p.team, p);
  const change =
    total.costUsd === null || previous.costUsd === null || previous.costUsd === 0
      ? null
      : Math.round(((total.costUsd - previous.costUsd) / previous.costUsd) * 1000) / 10;
  const aiSpend = options.aiSpendUsd ?? null;
  return {
    byTeam,
    byModel,
    unallocatedCostUsd: cents(unallocated.costUsd),
    unallocated: { inputTokens: unallocated.inputTokens, outputTokens: unallocated.outputTokens },
    total: { ...total, costUsd: cents(total.costUsd), usdPerMillionTokens: usdPerMillion(total.costUsd, total.inputTokens + total.outputTokens) },
    previousWeek: {
      inputTokens: previous.inputTokens,
      outputTokens: previous.outputTokens,
      costUsd: cents(previous.costUsd),
      byTeam: [...previousTeams.entries()]
        .map(([team, items]) => ({ team, costUsd: cents(totalsOf(items).costUsd) }))
        .sort((a, b) => a.team.localeCompare(b.team)),
      unallocatedCostUsd: cents(totalsOf(before.filter((p) => p.team === null)).costUsd),
    },
    weekOverWeekChangePct: change,
    aiSpendShare: aiSpend === null || aiSpend <= 0 || total.costUsd === null ? null : Math.round((total.costUsd / aiSpend) * 10000) / 10000,
    unpriced,
    priceSources: [...sources].sort(),
    unavailable: options.unavailable ?? [],
  };
}
