/**
 * What each CLI command does once its arguments are parsed: thin wiring over the
 * runtime, the digest and the local tools. Returns the exit code.
 */
import { writeFile } from 'node:fs/promises';
import { errorMessage, UsageError } from '../core/errors.js';
import type { SweepReport } from '../core/finding.js';
import { isoWeekRange } from '../core/iso-week.js';
import { loadConfigFile, sweepConfig, type FinOpsConfig } from '../config.js';
import { renderCsv } from '../digest/render-csv.js';
import { renderHtml } from '../digest/render-html.js';
import { renderText } from '../digest/render-text.js';
import { digestFromEnv } from '../digest/run-digest.js';
import type { WeeklyDigest } from '../digest/weekly-digest.js';
import { nonLocalEndpoints } from '../local/endpoint-guard.js';
import { deploymentEnv, initLocal } from '../local/init-local.js';
import { serveLinks } from '../local/serve-links.js';
import { sweepLabelsOf } from '../links/sweep-labels.js';
import { ENV, restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { SWEEPS, sweepNamed } from '../sweeps/registry.js';
import { CREDENTIALS_HINT, isCredentialError } from './credentials.js';
import { formatRestoreReport, formatSweepReport } from '../format/index.js';
import { parseConcurrency, parseNow, parsePort, parseRegions } from './options.js';
import { sweepAccountsCommand, withAccountOptions } from './sweep-accounts-command.js';

/** Where a command writes. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_PARTIAL = 3;

/** `finops-ai sweep <name|all>`. */
export async function sweepCommand(
  target: string,
  options: { apply: boolean; json: boolean; now?: string; region?: string[]; config?: string; accounts?: string; roleName?: string; concurrency?: string },
  out: CommandOutput,
): Promise<number> {
  const clock = parseNow(options.now);
  const regions = parseRegions(options.region);
  const config = withAccountOptions(loadConfigFile(options.config), options, regions);
  const concurrency = parseConcurrency(options.concurrency);
  // `all`: every sweep this config gives something to do (e.g. no budget guard without teams).
  const names = target === 'all' ? SWEEPS.filter((s) => s.isConfigured?.(sweepConfig(config, s.name)) !== false).map((s) => s.name) : [sweepNamed(target).name];
  if (options.apply && options.now !== undefined) {
    // Acting "as of" another time against real AWS could skip the grace period owners were promised.
    const remote = await nonLocalEndpoints(process.env);
    if (remote.length > 0) {
      throw new UsageError(
        `--now with --apply is only allowed against a local emulator: every AWS endpoint must be on loopback, but ${remote
          .map((r) => `${r.source}=${r.url}`)
          .join(', ')}`,
      );
    }
  }
  const mode = options.apply ? 'apply' : 'report';
  // With accounts (`--accounts` or the config's), every account and region pair, through the local Map runner.
  if (config.accounts) return sweepAccountsCommand(target, names, { config, mode, clock, concurrency, json: options.json }, out);
  const reports: SweepReport[] = [];
  for (const name of names) {
    reports.push(await runConfiguredSweep({ sweep: sweepNamed(name), config, mode, clock, ...(regions ? { regions } : {}) }));
  }
  if (options.json) out.stdout(JSON.stringify(target === 'all' ? { sweep: 'all', reports } : reports[0], null, 2));
  else out.stdout(reports.map((r) => formatSweepReport(r, { locale: config.locale, timeZone: config.timeZone })).join('\n\n'));
  const errors = reports.flatMap((r) => r.errors);
  if (errors.length > 0 && errors.every((e) => isCredentialError(e.error))) {
    out.stderr(`finops-ai: AWS credentials are missing or were rejected: ${errors[0]!.message}\n${CREDENTIALS_HINT}`);
    return EXIT_FAILED;
  }
  const nothingProcessed = reports.every((r) => r.regions.every((region) => r.errors.some((e) => e.region === region && !e.resourceId)));
  if (errors.length > 0 && nothingProcessed) {
    out.stderr(`finops-ai: nothing could be swept: ${errors[0]!.error}: ${errors[0]!.message}`);
    return EXIT_FAILED;
  }
  return errors.length > 0 ? EXIT_PARTIAL : EXIT_OK;
}

/** `finops-ai restore <actionId>` (an action in a member account through its role). */
export async function restoreCommand(
  actionId: string,
  options: { json: boolean; now?: string; config?: string; roleName?: string },
  out: CommandOutput,
): Promise<number> {
  const clock = parseNow(options.now);
  const config = loadConfigFile(options.config);
  const report = await restoreFromEnv({ actionId, clock, config, sweepNamed, ...(options.roleName ? { roleName: options.roleName } : {}) });
  out.stdout(options.json ? JSON.stringify(report, null, 2) : formatRestoreReport(report, { locale: config.locale, timeZone: config.timeZone }));
  return EXIT_OK;
}

/** `finops-ai init-local`. */
export async function initLocalCommand(options: { region?: string[]; config?: string }, out: CommandOutput): Promise<number> {
  const regions = parseRegions(options.region);
  const config = loadConfigFile(options.config);
  const region = regions?.[0] ?? config.regions?.[0] ?? process.env.AWS_REGION ?? 'us-east-1';
  const deployment = await initLocal({ endpoint: process.env.AWS_ENDPOINT_URL, region });
  // The owner-action variables (what `serve-links` and the sweeps' links need) where the config turns them on.
  const links: string[] = [ENV.linksKeyId, ENV.linksBaseUrl];
  out.stdout(
    Object.entries(deploymentEnv(deployment))
      .filter(([k]) => config.ownerActions.enabled || !links.includes(k))
      .map(([k, v]) => `export ${k}=${v}`)
      .join('\n'),
  );
  return EXIT_OK;
}

/** The output formats of `finops-ai digest`. */
export const DIGEST_FORMATS = ['text', 'json', 'csv', 'html'] as const;
type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** `finops-ai digest`. */
export async function digestCommand(
  options: { week?: string; format?: DigestFormat; json: boolean; out?: string; now?: string; config?: string },
  out: CommandOutput,
): Promise<number> {
  const clock = parseNow(options.now);
  if (options.json && options.format !== undefined && options.format !== 'json') throw new UsageError(`--json and --format ${options.format} disagree`);
  const format: DigestFormat = options.format ?? (options.json ? 'json' : 'text');
  const week = options.week;
  if (week !== undefined) {
    try {
      isoWeekRange(week);
    } catch (error) {
      throw new UsageError(`--week: ${errorMessage(error)} (e.g. 2026-W47)`);
    }
  }
  const config = loadConfigFile(options.config);
  const digest = await digestFromEnv({ config, now: clock.now(), ...(week ? { week } : {}) });
  const text = renderDigest(digest, format, config);
  if (options.out) {
    await writeFile(options.out, text);
    out.stdout(`Wrote the ${format} digest of ${digest.week} to ${options.out}.`);
  } else out.stdout(text.replace(/\n$/, ''));
  return EXIT_OK;
}

function renderDigest(digest: WeeklyDigest, format: DigestFormat, config: FinOpsConfig): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(digest, null, 2)}\n`;
    case 'csv':
      return renderCsv(digest, { tagKeys: config.tagKeys });
    case 'html':
      return renderHtml(digest, { locale: config.locale, timeZone: config.timeZone });
    default:
      return renderText(digest, { locale: config.locale, timeZone: config.timeZone });
  }
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/**
 * `finops-ai serve-links`: the owner-action endpoint on a local server until Ctrl-C
 * (or until `stop` resolves), one line per request on stdout (never the token).
 */
export async function serveLinksCommand(
  options: { port: string; host: string; config?: string },
  out: CommandOutput,
  stop: Promise<void> = untilSignal(),
): Promise<number> {
  const port = parsePort(options.port);
  const config = loadConfigFile(options.config);
  const line = (_message: string, ...extra: Record<string, unknown>[]) => {
    const r = Object.assign({}, ...extra) as Record<string, unknown>;
    const fields = [r.method, r.path, r.status, r.choice, r.resource, r.refusal ?? r.error];
    out.stdout(fields.flatMap((v) => (typeof v === 'string' || typeof v === 'number' ? [String(v)] : [])).join(' '));
  };
  const server = await serveLinks({
    config,
    sweepLabels: sweepLabelsOf(SWEEPS),
    port,
    host: options.host,
    log: { debug() {}, info: line, warn: line, error: line },
  });
  out.stdout(`Owner-action links served at ${server.url} (Ctrl-C stops). Sweeps put links under it with FINOPS_LINKS_BASE_URL=${server.url}`);
  try {
    await stop;
  } finally {
    await server.close();
  }
  return EXIT_OK;
}
