/**
 * Every ledger record behind the digest's figures as one CSV: FOCUS column names
 * where one fits (`ResourceId`, `ResourceType`, `RegionId`, `ServiceName`, `Tags`,
 * `ChargePeriodStart`, `ChargePeriodEnd`, `BillingCurrency`), `x_`-prefixed
 * columns for the rest. RFC 4180 quoting (CRLF records) by csv-stringify, and text
 * cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR)
 * are prefixed with `'`. Every text cell is made safe first ({@link safeText}: no
 * control characters, escape sequences or bidi overrides; line breaks kept as `\n`
 * inside the quoted cell, where they are data; length bounded).
 *
 * One row per record: `action` (every action behind realized, projected and
 * cumulative savings), `finding` (pending, protected, exempt, other flags,
 * recommendations open or adopted, runaway jobs), `event` (the new findings behind "idle resource spend
 * found"), `run` (the week's sweep runs behind failures and schedules), `decision` (owners'
 * answers by link this week, and snoozes ending next week), and with the spend section
 * `spend` (AI spend by team, service, week, forecast) and `unit-cost` (an endpoint's
 * cost per 1,000 inferences).
 */
import { stringify } from 'csv-stringify/sync';
import { safeText } from '../format/index.js';
import { spendCsvRows } from './render-spend.js';
import { ownerDecisionsCsv } from './render-owner-decisions.js';
import type { ActionLine, FindingLine, NewFindingLine, RecommendationLine, ResourceLine, RunawayLine, RunLine, WeeklyDigest } from './weekly-digest.js';
import { tokensCsvRows } from './render-tokens.js';

/** The columns, in order. */
export const CSV_COLUMNS = [
  'ResourceId',
  'ResourceType',
  'RegionId',
  'ServiceName',
  'Tags',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BillingCurrency',
  'x_Record',
  'x_Section',
  'x_Sweep',
  'x_Status',
  'x_Action',
  'x_ActionId',
  'x_Team',
  'x_Owner',
  'x_ResourceArn',
  'x_At',
  'x_ActedAt',
  'x_RestoredAt',
  'x_SavingsUntil',
  'x_Deadline',
  'x_HoursInForce',
  'x_HourlySavings',
  'x_RealizedSavings',
  'x_GrossSavings',
  'x_KeptCost',
  'x_CumulativeRealizedSavings',
  'x_ProjectedMonthlySavings',
  'x_MonthlySavingsEstimate',
  'x_CostSoFar',
  'x_Current',
  'x_Proposed',
  'x_Reason',
  'x_PriceSources',
  'x_AccountId',
  'x_AccountName',
  'x_Spend',
  'x_PreviousWeekSpend',
  'x_MonthToDateSpend',
  'x_Invocations',
  'x_CostPer1kInferences',
  'x_InputTokens',
  'x_OutputTokens',
  'x_TokenCost',
  'x_UsdPerMillionTokens',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | null>>;

/** Options of {@link renderCsv}. */
export interface CsvOptions {
  /** Tag keys of the ownership tags written to `Tags`. @default { team: 'team', owner: 'owner' } */
  readonly tagKeys?: { readonly team: string; readonly owner: string };
}

/**
 * Renders the CSV.
 *
 * @example
 * await writeFile('digest.csv', renderCsv(digest, { tagKeys: config.tagKeys }));
 */
export function renderCsv(d: WeeklyDigest, options: CsvOptions = {}): string {
  const tagKeys = options.tagKeys ?? { team: 'team', owner: 'owner' };
  const period: Row = { ChargePeriodStart: d.weekStart, ChargePeriodEnd: d.asOf, BillingCurrency: d.currency };
  const resource = (line: ResourceLine): Row => {
    const r = { ...line, owner: cellText(line.owner), team: line.team === null ? null : cellText(line.team) };
    return {
      ResourceId: r.resourceId,
      ResourceType: r.resourceType,
      RegionId: r.region,
      ServiceName: serviceName(r.resourceType),
      // The ownership tags as finops-ai recorded them (the owner may be the configured fallback).
      Tags: JSON.stringify(r.team === null ? { [tagKeys.owner]: r.owner } : { [tagKeys.owner]: r.owner, [tagKeys.team]: r.team }),
      ...period,
      x_Sweep: r.sweep,
      x_Team: r.team,
      x_Owner: r.owner,
      x_ResourceArn: r.arn,
      x_AccountId: r.accountId ?? null,
      x_AccountName: r.accountName ?? null,
    };
  };
  const finding = (section: string, f: FindingLine): Row => ({
    ...resource(f),
    x_Record: 'finding',
    x_Section: section,
    x_Status: f.status,
    x_At: f.firstSeenAt,
    x_Deadline: f.deadline,
    x_MonthlySavingsEstimate: f.monthlyUsd,
    x_Reason: f.reason,
  });
  const recommendation = (section: string, r: RecommendationLine): Row => ({
    ...finding(section, r),
    ...(r.adoptedAt ? { x_At: r.adoptedAt } : {}),
    x_Current: r.current,
    x_Proposed: r.proposed,
  });
  const rows: Row[] = [
    ...d.actions.map((a) => actionRow(resource(a), a)),
    ...d.pending.map((f) => finding('pending', f)),
    ...d.protected.map((f) => finding('protected', f)),
    ...d.flags.map((f) => finding('flag', f)),
    ...d.recommendations.open.map((r) => recommendation('recommendation-open', r)),
    ...d.recommendations.adopted.map((r) => recommendation('recommendation-adopted', r)),
    ...d.runaway.jobs.map((j: RunawayLine): Row => ({ ...finding('runaway', j), x_Status: j.outcome, x_CostSoFar: j.costSoFarUsd })),
    ...d.newFindings.map((f: NewFindingLine): Row => ({
      ...resource(f),
      x_Record: 'event',
      x_Section: 'new-finding',
      x_Status: f.status,
      x_At: f.at,
      x_MonthlySavingsEstimate: f.monthlyUsd,
      x_Reason: f.detail,
    })),
    ...(tokensCsvRows(d.tokens, period) as Row[]),
    ...ownerDecisionsCsv(d, resource),
    ...d.trust.runs.map((r: RunLine): Row => ({
      ...period,
      x_Record: 'run',
      x_Section: 'run',
      x_Sweep: r.sweep,
      x_AccountId: r.accountId ?? null,
      x_Status: r.errors > 0 ? `failed: ${r.errors} error(s)` : 'ok',
      x_ActionId: null,
      x_At: r.startedAt,
      x_Reason: r.failures.join(' | ') || null,
    })),
    ...(spendCsvRows(d) as Row[]),
  ];
  return stringify(
    rows.map((row) =>
      CSV_COLUMNS.map((c) => {
        const value = row[c] ?? null;
        return typeof value === 'string' ? cellText(value) : value;
      }),
    ),
    {
      header: true,
      columns: [...CSV_COLUMNS],
      record_delimiter: 'windows',
      // Quote a cell with a line break in it (csv-stringify only quotes the record delimiter itself).
      quoted_match: /[\r\n]/,
      escape_formulas: true,
    },
  );
}

/** A text cell made safe; line breaks stay (the cell is quoted). */
function cellText(value: string): string {
  return safeText(value, { lineBreaks: 'keep', maxLength: 4000 });
}

function actionRow(resource: Row, a: ActionLine): Row {
  return {
    ...resource,
    x_Record: 'action',
    x_Section: a.restoredThisWeek ? 'restored' : a.tookEffectThisWeek ? 'acted' : a.inForce ? 'in-force' : 'earlier',
    x_Status: a.inForce ? 'in-force' : a.restoredAt ? 'restored' : 'ended',
    x_Action: a.action,
    x_ActionId: a.actionId,
    x_At: a.actedAt,
    x_ActedAt: a.actedAt,
    x_RestoredAt: a.restoredAt,
    x_SavingsUntil: a.savingsUntil,
    x_HoursInForce: a.hoursThisWeek,
    x_HourlySavings: a.hourlyUsd,
    x_RealizedSavings: a.realizedUsd,
    x_GrossSavings: a.grossUsd,
    x_KeptCost: a.keptCostUsd,
    x_CumulativeRealizedSavings: a.cumulativeUsd,
    x_ProjectedMonthlySavings: a.projectedMonthlyUsd,
    x_MonthlySavingsEstimate: a.monthlyUsd,
    x_Reason: a.reason,
    x_PriceSources: a.priceSources,
  };
}

/** FOCUS `ServiceName` of a finops-ai resource type (AWS's service names). */
export function serviceName(resourceType: string): string {
  const service = resourceType.split(':')[0] ?? resourceType;
  return SERVICE_NAMES[service] ?? service;
}

const SERVICE_NAMES: Record<string, string> = {
  sagemaker: 'Amazon SageMaker',
  ec2: 'Amazon Elastic Compute Cloud',
  bedrock: 'Amazon Bedrock',
  s3: 'Amazon Simple Storage Service',
};
