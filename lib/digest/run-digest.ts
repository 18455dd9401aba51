/**
 * Wiring of the weekly digest, shared by the Lambda and the CLI: the deployment
 * from the environment, the configured sweeps and regions, the ledger.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { AwsClients } from '../aws/clients.js';
import { BUDGET_GUARD } from '../budgets/budget-guard-ledger.js';
import { readTeamBudgets } from '../budgets/budget-reader.js';
import { errorMessage, MissingEnvironmentError } from '../core/errors.js';
import { budgetLines, type BudgetLine } from './budget-section.js';
import { isoWeekRange, previousIsoWeek } from '../core/iso-week.js';
import { readTokenShowback } from './token-source.js';
import type { TokenShowback } from './token-showback.js';
import { sweepConfig, type FinOpsConfig } from '../config.js';
import { DynamoDbLedger } from '../ledger/dynamodb-ledger.js';
import { DynamoDbOwnerDecisions } from '../ledger/owner-decisions.js';
import type { OwnerDecisionReader } from '../core/owner-decisions.js';
import { ownerDecisionsSection } from './owner-decisions.js';
import { loadOwnerDecisions } from './owner-decisions-source.js';
import type { ReportingLedger } from '../ledger/ledger.js';
import { ENV } from '../core/deployment-names.js';
import { SWEEP_NAMES, SWEEPS } from '../sweeps/registry.js';
import { deliverDigest, type DeliveryReport } from './deliver-digest.js';
import { DynamoDbSpendForecastStore, type SpendForecastStore } from '../ledger/spend-forecast-store.js';
import { readSpendSection } from './spend-source.js';
import { loadDigestInputs } from './digest-source.js';
import type { ScheduledSweep } from './schedule-check.js';
import { weeklyDigest, type WeeklyDigest } from './weekly-digest.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What {@link buildDigest} needs. */
export interface BuildDigestOptions {
  readonly config: FinOpsConfig;
  readonly ledger: ReportingLedger;
  /** @default - the last complete ISO week before `now` */
  readonly week?: string;
  readonly now: Date;
  /** Regions whose open findings to list. @default - the config's, else the ledger's region */
  readonly regions: readonly string[];
  /** Reads the team budgets for the budget section (with `budgets.teams`). @default - no budget section */
  readonly clients?: AwsClients;
  /** Where the spend section keeps its monthly forecasts (with `spend.enabled`). @default - no forecast accuracy */
  readonly forecasts?: SpendForecastStore;
  /** Reads the owner decisions (links in notices) for their section. @default - no owner-decisions section */
  readonly decisions?: OwnerDecisionReader;
}

/** The configured sweeps as the schedule check sees them: deployed (enabled and configured) or not. */
export function scheduledSweeps(config: FinOpsConfig): ScheduledSweep[] {
  return SWEEPS.map((sweep) => {
    const settings = sweepConfig(config, sweep.name);
    const deployed = settings.enabled && sweep.isConfigured?.(settings) !== false;
    return { name: sweep.name, enabled: deployed, mode: settings.mode, schedule: settings.schedule };
  });
}

/** Reads the ledger and computes one week's digest. */
export async function buildDigest(options: BuildDigestOptions): Promise<WeeklyDigest> {
  const week = options.week ?? previousIsoWeek(options.now);
  const sweeps = scheduledSweeps(options.config);
  // A global service's sweep (e.g. AWS Budgets) keeps its findings in its one region.
  const globalRegions = SWEEPS.flatMap((s) => (s.globalRegion ? [s.globalRegion] : []));
  const inputs = await loadDigestInputs(options.ledger, {
    week,
    sweeps: SWEEP_NAMES,
    regions: [...new Set([...options.regions, ...globalRegions])],
    scheduledSweeps: sweeps.filter((s) => s.enabled && s.mode === 'apply').map((s) => s.name),
  });
  const budgets = options.clients && options.config.budgets.teams.length > 0 ? await readBudgets(options.config, options.clients, options.now) : undefined;
  const spend =
    options.clients && options.config.spend.enabled
      ? await readSpendSection({ ...options, clients: options.clients, week, log: (m) => console.warn(m) })
      : undefined;
  const tokens = options.clients && options.config.digest.tokenShowback ? await readTokens(options, week, options.clients) : undefined;
  const digest = weeklyDigest(inputs, { week, now: options.now, sweeps, ...budgets, ...(spend ? { spend } : {}), ...(tokens ? { tokens } : {}) });
  return options.decisions ? { ...digest, ownerDecisions: ownerDecisionsSection(await loadOwnerDecisions(options.decisions, week), week) } : digest;
}

/**
 * The budget section, read live from AWS Budgets as the budget guard reads it
 * (one `GetCallerIdentity`, `DescribeBudgets` paged, in the guard's region). A
 * failure leaves the section saying why, never the digest undelivered.
 */
async function readBudgets(config: FinOpsConfig, clients: AwsClients, now: Date): Promise<{ budgets: BudgetLine[]; budgetsUnavailable?: string }> {
  try {
    const reading = await readTeamBudgets(config, { clients, region: BUDGET_GUARD.region, now });
    return {
      budgets: budgetLines(
        config,
        reading.found.map((b) => b.facts),
      ),
    };
  } catch (error) {
    const why = errorMessage(error);
    return { budgets: budgetLines(config, [], why), budgetsUnavailable: why };
  }
}

/** The token showback section (`digest.tokenShowback`), read in every region of the digest. */
function readTokens(options: BuildDigestOptions, week: string, clients: AwsClients): Promise<TokenShowback> {
  const asOf = new Date(Math.min(options.now.getTime(), isoWeekRange(week).end.getTime()));
  return readTokenShowback({ clients, regions: options.regions, week, asOf, teamTagKey: options.config.tagKeys.team, pricing: options.config.pricing });
}

/** Options of {@link digestFromEnv} and {@link publishDigestFromEnv}. */
export interface DigestEnvOptions {
  readonly config: FinOpsConfig;
  readonly now: Date;
  readonly week?: string;
  readonly env?: Env;
  readonly clients?: AwsClients;
}

/** The digest of the ledger named by `FINOPS_LEDGER_TABLE` (the CLI). */
export async function digestFromEnv(options: DigestEnvOptions): Promise<WeeklyDigest> {
  const env = options.env ?? process.env;
  const table = read(env, ENV.ledgerTable);
  if (!table) throw new MissingEnvironmentError(ENV.ledgerTable, 'to build the digest (the ledger table name)');
  const clients = options.clients ?? new AwsClients({ maxAttempts: options.config.aws.maxAttempts });
  const home = homeRegion(options.config, env);
  return buildDigest({
    config: options.config,
    clients,
    ledger: new DynamoDbLedger(table, clients.get(DynamoDBClient, home)),
    ...(options.config.spend.enabled
      ? { forecasts: new DynamoDbSpendForecastStore({ client: DynamoDBDocumentClient.from(clients.get(DynamoDBClient, home)), tableName: table }) }
      : {}),
    // Owner decisions are read where owner-action links are on.
    ...(options.config.ownerActions.enabled ? { decisions: new DynamoDbOwnerDecisions(table, clients.get(DynamoDBClient, home)) } : {}),
    now: options.now,
    regions: options.config.regions ?? [home],
    ...(options.week ? { week: options.week } : {}),
  });
}

/**
 * Builds the digest and delivers it (the Lambda): reports to `FINOPS_DIGEST_BUCKET`,
 * the text to `FINOPS_DIGEST_TOPIC_ARN`.
 */
export async function publishDigestFromEnv(options: DigestEnvOptions): Promise<{ digest: WeeklyDigest; delivery: DeliveryReport }> {
  const env = options.env ?? process.env;
  const bucket = read(env, ENV.digestBucket);
  const topicArn = read(env, ENV.digestTopicArn);
  if (!bucket) throw new MissingEnvironmentError(ENV.digestBucket, 'to deliver the digest (the reports bucket)');
  if (!topicArn) throw new MissingEnvironmentError(ENV.digestTopicArn, 'to deliver the digest (the digest topic)');
  const clients = options.clients ?? new AwsClients({ maxAttempts: options.config.aws.maxAttempts });
  const digest = await digestFromEnv({ ...options, clients });
  const home = homeRegion(options.config, env);
  const topicRegion = topicArn.split(':')[3];
  const delivery = await deliverDigest({
    digest,
    bucket,
    topicArn,
    s3: clients.get(S3Client, home),
    sns: clients.get(SNSClient, topicRegion === undefined || topicRegion === '' ? home : topicRegion),
    csv: { tagKeys: options.config.tagKeys },
    format: { locale: options.config.locale, timeZone: options.config.timeZone },
  });
  return { digest, delivery };
}

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** Region of the ledger, bucket and topic: the process region, else the first configured region. */
function homeRegion(config: FinOpsConfig, env: Env): string {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.regions?.[0];
  if (!region) throw new MissingEnvironmentError('AWS_REGION', 'to find the ledger (or set regions in the config)');
  return region;
}
