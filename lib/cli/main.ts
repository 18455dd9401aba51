/**
 * The `finops-ai` command line. Exit codes: 0 done; 1 bad usage, config or
 * credentials, or a command that could not run; 3 a sweep completed but some
 * resources failed (listed in `errors`).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fixedClock, systemClock, type Clock } from '../core/clock.js';
import { ConfigError, FinOpsError, errorMessage } from '../core/errors.js';
import type { SweepReport } from '../core/finding.js';
import { isoWeekRange } from '../core/iso-week.js';
import { loadConfigFile, sweepConfig, type FinOpsConfig } from '../config.js';
import { renderCsv } from '../digest/render-csv.js';
import { renderHtml } from '../digest/render-html.js';
import { renderText } from '../digest/render-text.js';
import { digestFromEnv } from '../digest/run-digest.js';
import type { WeeklyDigest } from '../digest/weekly-digest.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { SWEEP_NAMES, SWEEPS, sweepNamed } from '../sweeps/registry.js';
import { deploymentEnv, initLocal, isLoopbackEndpoint } from '../local/init-local.js';
import { formatRestoreReport, formatSweepReport } from './format.js';

export const EXIT = { ok: 0, failed: 1, partial: 3 } as const;

const USAGE = `Usage: finops-ai <command> [options]

Commands:
  sweep <name|all>     Find waste (report mode) or act on it (--apply). Sweeps: ${SWEEP_NAMES.join(', ')}
  restore <actionId>   Undo one recorded action from what the ledger kept.
  init-local           Create the ledger table and topics on a local emulator (AWS_ENDPOINT_URL
                       must be loopback); prints export lines for the variables below.
  demo                 Start the local emulator, seed an estate, sweep across the grace period,
                       restore one endpoint and print what happened.
  digest               The weekly savings digest of one ISO week, read from the ledger
                       (FINOPS_LEDGER_TABLE): realized and projected savings, showback by team,
                       pending, recommendations, trust signals, KPIs.

Options:
  --apply              Record findings, notify owners, act after the grace period (default: report only)
  --json               Print one JSON document instead of tables
  --now ISO-8601       Evaluate as of this instant (default: now)
  --region R           Region to sweep; repeat or comma-separate (default: config regions, else AWS_REGION)
  --config FILE        JSON config file (default: built-in defaults)
  --week YYYY-Www      digest: the ISO week (default: the last complete week before --now)
  --format F           digest: text, json, csv or html (default: text; --json means json)
  --out FILE           digest: write to FILE instead of standard output
  -h, --help           This help

Environment: standard AWS credential chain; AWS_ENDPOINT_URL; apply mode and restore read
FINOPS_LEDGER_TABLE, FINOPS_NOTICES_TOPIC_ARN, FINOPS_DIGEST_TOPIC_ARN; digest reads FINOPS_LEDGER_TABLE.
Exit codes: 0 done, 1 bad usage/config/credentials or failed command, 3 some resources failed.`;

/** Error names that mean the credentials are missing or rejected. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationToken',
]);

class UsageError extends FinOpsError {}

type Out = { stdout: (text: string) => void; stderr: (text: string) => void };
const consoleOut: Out = { stdout: (t) => process.stdout.write(`${t}\n`), stderr: (t) => process.stderr.write(`${t}\n`) };

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], out: Out = consoleOut): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        apply: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        now: { type: 'string' },
        region: { type: 'string', multiple: true },
        config: { type: 'string' },
        week: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      out.stdout(USAGE);
      return values.help ? EXIT.ok : EXIT.failed;
    }
    const clock = parseNow(values.now);
    if (command !== 'digest') {
      const misplaced = (['week', 'format', 'out'] as const).find((o) => values[o] !== undefined);
      if (misplaced) throw new UsageError(`--${misplaced} is an option of the digest command only`);
    }
    const regions = values.region?.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
    switch (command) {
      case 'sweep': {
        const target = rest[0];
        if (!target) throw new UsageError(`sweep needs a name: ${[...SWEEP_NAMES, 'all'].join(', ')}`);
        const config = loadConfigFile(values.config);
        // `all`: every sweep this config gives something to do (e.g. no budget guard without teams).
        const names =
          target === 'all'
            ? SWEEPS.filter((s) => s.isConfigured?.(sweepConfig(config, s.name)) !== false).map((s) => s.name)
            : [sweepNamed(target).name];
        if (values.apply && values.now !== undefined && !isLoopbackEndpoint(process.env.AWS_ENDPOINT_URL)) {
          // Acting "as of" another time against real AWS could skip the grace period owners were promised.
          throw new UsageError('--now with --apply is only allowed against a local emulator (AWS_ENDPOINT_URL on loopback)');
        }
        const reports: SweepReport[] = [];
        for (const name of names) {
          reports.push(
            await runConfiguredSweep({ sweep: sweepNamed(name), config, mode: values.apply ? 'apply' : 'report', clock, ...(regions ? { regions } : {}) }),
          );
        }
        if (values.json) out.stdout(JSON.stringify(target === 'all' ? { sweep: 'all', reports } : reports[0], null, 2));
        else out.stdout(reports.map(formatSweepReport).join('\n\n'));
        const errors = reports.flatMap((r) => r.errors);
        if (errors.length > 0 && errors.every((e) => CREDENTIAL_ERRORS.has(e.error))) {
          out.stderr(`finops-ai: AWS credentials are missing or were rejected: ${errors[0]!.message}`);
          return EXIT.failed;
        }
        const nothingProcessed = reports.every((r) => r.regions.every((region) => r.errors.some((e) => e.region === region && !e.resourceId)));
        if (errors.length > 0 && nothingProcessed) {
          out.stderr(`finops-ai: nothing could be swept: ${errors[0]!.error}: ${errors[0]!.message}`);
          return EXIT.failed;
        }
        return errors.length > 0 ? EXIT.partial : EXIT.ok;
      }
      case 'restore': {
        const actionId = rest[0];
        if (!actionId) throw new UsageError('restore needs an action id, e.g. finops-ai restore act-20261127T0900-1a2b3c4d');
        const config = loadConfigFile(values.config);
        const report = await restoreFromEnv({ actionId, clock, config, sweepNamed });
        out.stdout(values.json ? JSON.stringify(report, null, 2) : formatRestoreReport(report));
        return EXIT.ok;
      }
      case 'init-local': {
        const config = loadConfigFile(values.config);
        const region = regions?.[0] ?? config.regions?.[0] ?? process.env.AWS_REGION ?? 'us-east-1';
        const deployment = await initLocal({ endpoint: process.env.AWS_ENDPOINT_URL, region });
        const env = deploymentEnv(deployment);
        out.stdout(Object.entries(env).map(([k, v]) => `export ${k}=${v}`).join('\n'));
        return EXIT.ok;
      }
      case 'digest': {
        const format = values.format ?? (values.json ? 'json' : 'text');
        if (!DIGEST_FORMATS.includes(format as DigestFormat)) throw new UsageError(`--format must be one of ${DIGEST_FORMATS.join(', ')} (got "${format}")`);
        if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError(`--json and --format ${values.format} disagree`);
        const week = values.week;
        if (week !== undefined) {
          try {
            isoWeekRange(week);
          } catch (error) {
            throw new UsageError(`--week: ${errorMessage(error)} (e.g. 2026-W47)`);
          }
        }
        const config = loadConfigFile(values.config);
        let digest;
        try {
          digest = await digestFromEnv({ config, now: clock.now(), ...(week ? { week } : {}) });
        } catch (error) {
          if (error instanceof RangeError) throw new UsageError(`--week: ${error.message}`);
          throw error;
        }
        const text = renderDigest(digest, format as DigestFormat, config);
        if (values.out) {
          await writeFile(values.out, text);
          out.stdout(`Wrote the ${format} digest of ${digest.week} to ${values.out}.`);
        } else out.stdout(text.replace(/\n$/, ''));
        return EXIT.ok;
      }
      case 'demo': {
        const { runDemo } = await import('../local/demo.js');
        await runDemo({ print: out.stdout });
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    out.stderr(`finops-ai: ${describe(error)}`);
    return EXIT.failed;
  }
}

const DIGEST_FORMATS = ['text', 'json', 'csv', 'html'] as const;
type DigestFormat = (typeof DIGEST_FORMATS)[number];

function renderDigest(digest: WeeklyDigest, format: DigestFormat, config: FinOpsConfig): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(digest, null, 2)}\n`;
    case 'csv':
      return renderCsv(digest, { tagKeys: config.tagKeys });
    case 'html':
      return renderHtml(digest);
    default:
      return renderText(digest);
  }
}

function parseNow(value: string | undefined): Clock {
  if (value === undefined) return systemClock;
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(new Date(value).getTime())) {
    throw new UsageError(`--now must be an ISO-8601 instant such as 2026-11-27T09:00:00Z (got "${value}")`);
  }
  return fixedClock(value);
}

function describe(error: unknown): string {
  if (error instanceof ConfigError || error instanceof FinOpsError) return error.message;
  if (error instanceof Error && CREDENTIAL_ERRORS.has(error.name)) return `AWS credentials are missing or were rejected: ${error.message}`;
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return `${error.message}\n\n${USAGE}`;
  return errorMessage(error);
}
