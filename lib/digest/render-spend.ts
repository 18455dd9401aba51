/**
 * The spend section of the text digest and the CSV: AI spend from Cost Explorer
 * (by team with the unallocated row and the total, by service, month to date and
 * forecast), the cost per 1,000 inferences of each endpoint, and the KPIs that need
 * AI spend. When Cost Explorer could not be read, the section says which problem
 * it is and how to fix it. Called with one line each from `render-text.ts` and
 * `render-csv.ts`; the HTML is in `render-spend-html.ts`.
 */
import {
  formatNumber,
  formatPercent,
  formatUsd,
  formatUsdPerMonth,
  formatUsdRate,
  padEndToWidth,
  tableLines,
  truncateToWidth,
  type Locale,
} from '../format/index.js';
import type { AiSpend, SpendStatus } from './ai-spend.js';
import { addUsd } from './realized-savings.js';
import { messages } from './messages/index.js';
import { tagText, teamName, weekRange, type ResolvedFormat } from './render-common.js';
import type { WeeklyDigest } from './weekly-digest.js';

/** A text line's widest, as `render-text.ts`'s. */
const MAX_LINE = 100;

/** The spend and unit-cost sections of the text digest; none without the spend section. */
export function spendTextLines(d: WeeklyDigest, format: ResolvedFormat, maxRows: number): string[] {
  const detail = d.spendDetail;
  if (!detail) return [];
  const { locale } = format;
  const m = messages(locale);
  const usd = (value: number | null) => formatUsd(value, locale);
  const p = detail.periods;
  const out: string[] = [
    '',
    `== ${m('spend.title', { metric: detail.metric, tag: tagText(detail.costAllocationTag), range: days(p.weekStart, p.dataEnd, locale) })}`,
  ];
  out.push(...statusLines(detail.status, detail.costAllocationTag, detail.error, locale));
  const spend = d.spend;
  if (spend) {
    out.push(pair(m('spend.week'), weekValue(spend, p.weekDays, locale)));
    out.push(pair(m('spend.mtd', { month: p.month }), monthValue(d, locale)));
    out.push(
      pair(
        m('spend.unallocated'),
        m('spend.unallocated.value', { amount: usd(spend.unallocatedUsd), pct: pctOf(spend.unallocatedUsd, spend.weekUsd, locale) }),
      ),
    );
    const shown = spend.byTeam.slice(0, maxRows);
    const rest = spend.byTeam.slice(maxRows);
    const rows = shown.map((r) => [tagText(r.team), usd(r.weekUsd), usd(r.previousWeekUsd), usd(r.monthToDateUsd)]);
    if (rest.length > 0) {
      const sum = (pick: (r: (typeof rest)[number]) => number) => usd(addUsd(...rest.map(pick)));
      rows.push([m('digest.otherTeams', { count: rest.length }), sum((r) => r.weekUsd), sum((r) => r.previousWeekUsd), sum((r) => r.monthToDateUsd)]);
    }
    const u = detail.unallocated;
    rows.push([teamName(null, locale), usd(u.weekUsd), usd(u.previousWeekUsd), usd(u.monthToDateUsd)]);
    rows.push([m('text.total'), usd(spend.weekUsd), usd(spend.previousWeekUsd), usd(spend.monthToDateUsd)]);
    out.push(
      ...tableLines([[m('text.col.team'), m('spend.col.week'), m('spend.col.previous'), m('spend.col.mtd')], ...rows], {
        right: [1, 2, 3],
        maxWidths: [30],
        ruleBefore: rows.length - 1,
        ruleMaxWidth: MAX_LINE,
      }),
    );
    if (spend.byService.length > 0) {
      out.push('');
      out.push(
        ...tableLines([[m('spend.col.service'), m('spend.col.week')], ...spend.byService.slice(0, maxRows).map((s) => [tagText(s.service), usd(s.weekUsd)])], {
          right: [1],
          maxWidths: [60],
        }),
      );
    }
  }
  out.push(m('spend.requests', { count: detail.costExplorerRequests }));
  if (d.unitCosts) out.push(...unitCostLines(d, locale, maxRows));
  return out.map(fit);
}

function unitCostLines(d: WeeklyDigest, locale: Locale, maxRows: number): string[] {
  const m = messages(locale);
  const lines = d.unitCosts ?? [];
  const out = ['', `== ${m('unitCosts.title', { count: lines.length })}`, m('unitCosts.how')];
  if (d.spendDetail?.unitCostProblem) out.push(m('unitCosts.problem', { why: d.spendDetail.unitCostProblem }));
  else if (lines.length === 0) out.push(m('unitCosts.none'));
  if (lines.length === 0) return out;
  out.push(
    ...tableLines(
      [
        [m('unitCosts.col.endpoint'), m('text.col.team'), m('unitCosts.col.invocations'), m('unitCosts.col.cost'), m('unitCosts.col.per1k')],
        ...lines
          .slice(0, maxRows)
          .map((l, i) => [
            endpointName(d, i),
            l.team === null ? '-' : tagText(l.team),
            formatNumber(l.invocations, locale),
            formatUsd(l.costUsd, locale),
            l.usdPer1kInferences === null ? '-' : formatUsdRate(l.usdPer1kInferences, locale),
          ]),
      ],
      { right: [2, 3, 4], maxWidths: [32, 14] },
    ),
  );
  if (lines.length > maxRows) out.push(m('text.more', { count: lines.length - maxRows }));
  return out;
}

/** Unit cost line `index`'s endpoint, with its region when the lines span several. */
export function endpointName(d: WeeklyDigest, index: number): string {
  const basis = d.spendDetail?.unitCostBasis ?? [];
  const name = tagText(d.unitCosts?.[index]?.resourceId ?? '');
  const region = basis[index]?.region;
  return new Set(basis.map((b) => b.region)).size > 1 && region ? `${name} (${region})` : name;
}

/** The KPI lines that need AI spend (under the text digest's KPIs). */
export function spendKpiTextLines(d: WeeklyDigest, locale: Locale): string[] {
  if (!d.spendDetail) return [];
  return spendKpis(d, locale).map(([label, value]) => fit(pair(label, value)));
}

/** Each spend KPI as [label, value, how it is computed], in the reader's language. */
export function spendKpis(d: WeeklyDigest, locale: Locale): [label: string, value: string, how: string][] {
  const m = messages(locale);
  const k = d.kpis;
  const pct = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? m('value.none') : formatPercent(ratio, locale));
  const spend = d.spend;
  const previous = d.spendDetail?.previousMonth;
  const u = k.utilization;
  return [
    [
      m('spend.kpi.runRate'),
      k.aiSpendRunRateMonthlyUsd == null ? m('value.none') : formatUsdPerMonth(k.aiSpendRunRateMonthlyUsd, locale),
      m('spend.kpi.runRate.how'),
    ],
    [
      m('spend.kpi.idleShare'),
      k.idleSpendShare == null
        ? m('value.none')
        : m('spend.kpi.idleShare.value', {
            pct: pct(k.idleSpendShare),
            amount: formatUsdPerMonth(addUsd(d.totals.pendingMonthlyUsd, d.totals.protectedMonthlyUsd), locale),
          }),
      m('spend.kpi.idleShare.how'),
    ],
    [
      m('spend.kpi.savingsShare'),
      k.savingsShareOfSpend == null || !spend
        ? m('value.none')
        : m('spend.kpi.savingsShare.value', {
            pct: pct(k.savingsShareOfSpend),
            saved: formatUsd(d.totals.realizedUsd, locale),
            spend: formatUsd(spend.weekUsd, locale),
          }),
      m('spend.kpi.savingsShare.how'),
    ],
    [
      m('spend.kpi.unallocatedSpend'),
      k.unallocatedSpendShare == null || !spend
        ? m('value.none')
        : m('spend.kpi.unallocatedSpend.value', { pct: pct(k.unallocatedSpendShare), amount: formatUsd(spend.unallocatedUsd, locale) }),
      m('spend.kpi.unallocatedSpend.how'),
    ],
    [
      m('spend.kpi.forecastAccuracy'),
      k.forecastAccuracy == null || !previous?.forecast
        ? m('spend.kpi.forecastAccuracy.none', { month: previous?.month ?? '-' })
        : m('spend.kpi.forecastAccuracy.value', {
            pct: pct(k.forecastAccuracy),
            month: previous.month,
            forecast: formatUsd(previous.forecast.forecastUsd, locale),
            actual: formatUsd(previous.actualUsd, locale),
          }),
      m('spend.kpi.forecastAccuracy.how'),
    ],
    [
      m('spend.kpi.utilization'),
      !u
        ? m('spend.kpi.utilization.none')
        : m('spend.kpi.utilization.value', {
            gpu: u.medianPeakGpuPercent === null ? '-' : `${u.medianPeakGpuPercent}%`,
            cpu: u.medianPeakCpuPercent === null ? '-' : `${u.medianPeakCpuPercent}%`,
            count: u.resources,
          }),
      m('spend.kpi.utilization.how'),
    ],
  ];
}

/** What the section says when it is not `ok`: the problem, how to fix it, and Cost Explorer's words. */
export function statusLines(status: SpendStatus, tag: string, error: string | null, locale: Locale): string[] {
  if (status === 'ok') return [];
  const m = messages(locale);
  const lines = [m(`spend.status.${status}`, { tag: tagText(tag) }), m(`spend.fix.${status}`, { tag: tagText(tag) })];
  if (error) lines.push(m('spend.error', { error: tagText(error, 300) }));
  return lines;
}

/** This week's spend and its change on the week before (no change while the week runs: it would compare a part with a whole). */
export function weekValue(spend: AiSpend, weekDays: number, locale: Locale): string {
  const change =
    spend.previousWeekUsd === 0 || weekDays < 7
      ? ''
      : ` ${formatPercent((spend.weekUsd - spend.previousWeekUsd) / spend.previousWeekUsd, locale, { signed: true })}`;
  return messages(locale)('spend.week.value', { amount: formatUsd(spend.weekUsd, locale), previous: formatUsd(spend.previousWeekUsd, locale), change });
}

/** Month to date and the month's forecast; the whole month once it is over. */
export function monthValue(d: WeeklyDigest, locale: Locale): string {
  const m = messages(locale);
  const amount = formatUsd(d.spend?.monthToDateUsd ?? null, locale);
  const p = d.spendDetail?.periods;
  if (p && p.dataEnd === p.monthEnd) return m('spend.mtd.complete', { amount });
  return m('spend.mtd.value', { amount, forecast: forecastText(d, locale) });
}

/** The month's forecast, or why there is none. */
export function forecastText(d: WeeklyDigest, locale: Locale): string {
  const m = messages(locale);
  const forecast = d.spend?.forecastMonthUsd ?? null;
  if (forecast !== null) return formatUsd(forecast, locale);
  return m('spend.forecast.none', { why: d.spendDetail?.forecastProblem ?? m('spend.forecast.notCurrent') });
}

/** `part / whole` as a percentage, or `-`. */
export function pctOf(part: number, whole: number, locale: Locale): string {
  return whole === 0 ? '-' : formatPercent(part / whole, locale);
}

/** `YYYY-MM-DD to YYYY-MM-DD` of the days `[start, endExclusive)`. */
export function days(start: string, endExclusive: string, locale: Locale): string {
  return weekRange(`${start}T00:00:00Z`, `${endExclusive}T00:00:00Z`, locale);
}

/** CSV rows of the spend section: the team, unallocated, total, service, week and forecast rows, and one per unit cost. */
export function spendCsvRows(d: WeeklyDigest): Record<string, string | number | null>[] {
  const detail = d.spendDetail;
  if (!detail) return [];
  const p = detail.periods;
  const week = { ChargePeriodStart: `${p.weekStart}T00:00:00.000Z`, ChargePeriodEnd: `${p.dataEnd}T00:00:00.000Z`, BillingCurrency: 'USD' };
  const base = {
    x_Record: 'spend',
    x_Status: detail.status,
    x_Reason: `${detail.metric}; cost allocation tag ${detail.costAllocationTag}${detail.error ? `; ${detail.error}` : ''}`,
  };
  const spend = d.spend;
  const rows: Record<string, string | number | null>[] = [];
  if (!spend) return [{ ...week, ...base, x_Section: 'unavailable' }];
  for (const r of spend.byTeam) {
    rows.push({
      ...week,
      ...base,
      x_Section: 'team',
      x_Team: r.team,
      x_Spend: r.weekUsd,
      x_PreviousWeekSpend: r.previousWeekUsd,
      x_MonthToDateSpend: r.monthToDateUsd,
    });
  }
  const u = detail.unallocated;
  rows.push({ ...week, ...base, x_Section: 'unallocated', x_Spend: u.weekUsd, x_PreviousWeekSpend: u.previousWeekUsd, x_MonthToDateSpend: u.monthToDateUsd });
  rows.push({
    ...week,
    ...base,
    x_Section: 'total',
    x_Spend: spend.weekUsd,
    x_PreviousWeekSpend: spend.previousWeekUsd,
    x_MonthToDateSpend: spend.monthToDateUsd,
  });
  for (const s of spend.byService) rows.push({ ...week, ...base, x_Section: 'service', ServiceName: s.service, x_Spend: s.weekUsd });
  for (const w of spend.weeks) rows.push({ ...base, BillingCurrency: 'USD', x_Section: 'week', x_At: w.week, x_Spend: w.usd });
  rows.push({
    ...base,
    ChargePeriodStart: `${p.monthStart}T00:00:00.000Z`,
    ChargePeriodEnd: `${p.monthEnd}T00:00:00.000Z`,
    BillingCurrency: 'USD',
    x_Section: 'forecast',
    x_Spend: spend.forecastMonthUsd,
    x_MonthToDateSpend: spend.monthToDateUsd,
  });
  for (const [i, l] of (d.unitCosts ?? []).entries()) {
    const b = detail.unitCostBasis[i];
    rows.push({
      ...week,
      ResourceId: l.resourceId,
      ResourceType: 'sagemaker:endpoint',
      RegionId: b?.region ?? null,
      ServiceName: 'Amazon SageMaker',
      x_Record: 'unit-cost',
      x_Section: 'unit-cost',
      x_Team: l.team,
      x_Spend: l.costUsd,
      x_Invocations: l.invocations,
      x_CostPer1kInferences: l.usdPer1kInferences,
      x_Reason: b ? (b.unknown ?? b.terms.join(' + ')) : null,
      x_PriceSources: b?.priceSources ?? null,
    });
  }
  return rows;
}

function pair(label: string, value: string): string {
  return `${padEndToWidth(label, 29)} ${value}`;
}

function fit(text: string): string {
  return truncateToWidth(text, MAX_LINE);
}
