/**
 * The `finops-ai` command line, on commander (per-command `--help`, "did you mean"
 * for unknown commands and options, excess arguments refused). Exit codes: 0 done;
 * 1 bad usage, config or credentials, or a command that could not run; 3 a sweep
 * completed but some resources, or some accounts' pairs, failed (listed in `errors`).
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, errorMessage, errorName, FinOpsError, UsageError } from '../core/errors.js';
import { isTimeZone, LOCALES, type Locale } from '../format/index.js';
import { SWEEP_NAMES, SWEEPS } from '../sweeps/registry.js';
import { CREDENTIALS_HINT, isCredentialError } from './credentials.js';
import { DIGEST_FORMATS, digestCommand, initLocalCommand, restoreCommand, serveLinksCommand, sweepCommand, type CommandOutput } from './commands.js';
import { DEFAULT_LINKS_PORT } from '../local/init-local.js';

/** Exit codes. */
export const EXIT = { ok: 0, failed: 1, partial: 3 } as const;

const ENVIRONMENT_HELP = `
Environment: standard AWS credential chain; AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>);
apply mode and restore read FINOPS_LEDGER_TABLE, FINOPS_NOTICES_TOPIC_ARN, FINOPS_DIGEST_TOPIC_ARN;
digest reads FINOPS_LEDGER_TABLE; owner-action links: FINOPS_LINKS_BASE_URL and FINOPS_LINKS_KEY_ID
(sweeps in apply mode sign links with ownerActions.enabled; serve-links verifies them).
Exit codes: 0 done, 1 bad usage/config/credentials or failed command, 3 some resources or account pairs failed.`;

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], out: CommandOutput = consoleOut): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(out, (c) => (code = c));
  if (argv.length === 0) {
    out.stderr(program.helpInformation().trimEnd());
    return EXIT.failed;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.failed;
    out.stderr(`finops-ai: ${describe(error)}`);
    return EXIT.failed;
  }
}

function buildProgram(out: CommandOutput, setCode: (code: number) => void): Command {
  const program = new Command('finops-ai')
    .description('Find and safely remove AI waste on AWS; report by default, act only with --apply.')
    .exitOverride()
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => out.stdout(text.trimEnd()),
      writeErr: (text) => out.stderr(text.trimEnd()),
      outputError: (text, write) => write(`finops-ai: ${text.replace(/^error: /, '')}`),
    })
    .addHelpText('after', ENVIRONMENT_HELP);
  const common = (command: Command) =>
    command
      .option('--config <file>', 'JSON config file (default: built-in defaults)')
      .option('--now <instant>', 'evaluate as of this ISO-8601 instant with a zone, e.g. 2026-11-27T09:00:00Z (default: now)');

  common(
    program
      .command('sweep')
      .description(`find waste (report mode) or act on it (--apply); sweeps: ${SWEEP_NAMES.join(', ')}, or all`)
      .argument('<name>', `${SWEEP_NAMES.join(' | ')} | all`)
      .option('--apply', 'record findings, notify owners, act after the grace period (default: report only)', false)
      .option('--json', 'print one JSON document instead of tables', false)
      .option('--region <region>', 'region to sweep; repeat or comma-separate (default: config regions, else AWS_REGION)', collect)
      .option(
        '--accounts <accounts>',
        '"org" (every ACTIVE account of the organization) or account ids, comma-separated (default: config accounts, else this account)',
      )
      .option('--role-name <name>', 'the member role assumed in each account (default: config accounts.roleName, else FinOpsAiMember)')
      .option('--concurrency <n>', 'account and region pairs swept at once, with --accounts (default: 4)'),
  )
    .addHelpText(
      'after',
      `\nSweeps (from the registry, with their default schedule):\n${SWEEPS.map((s) => `  ${s.name.padEnd(20)} ${s.title}, ${s.defaultSchedule}`).join('\n')}`,
    )
    .action(async (name: string, options: Parameters<typeof sweepCommand>[1]) => setCode(await sweepCommand(name, options, out)));

  common(
    program
      .command('restore')
      .description('undo one recorded action from what the ledger kept')
      .argument('<actionId>', 'e.g. act-20261127T0900-1a2b3c4d')
      .option('--json', 'print one JSON document', false)
      .option('--role-name <name>', 'the member role assumed when the action was in a member account (default: config accounts.roleName, else FinOpsAiMember)'),
  ).action(async (actionId: string, options: Parameters<typeof restoreCommand>[1]) => setCode(await restoreCommand(actionId, options, out)));

  program
    .command('init-local')
    .description('create the ledger table, topics and digest bucket on a local emulator (AWS_ENDPOINT_URL on loopback); prints export lines')
    .option('--config <file>', 'JSON config file (default: built-in defaults)')
    .option('--region <region>', 'region of the local deployment (default: config, else AWS_REGION, else us-east-1)', collect)
    .action(async (options: Parameters<typeof initLocalCommand>[0]) => setCode(await initLocalCommand(options, out)));

  program
    .command('serve-links')
    .description('serve the owner-action links of notices locally (the same handler as the deployed endpoint) until Ctrl-C')
    .option('--port <port>', 'port to listen on (0: any free port)', String(DEFAULT_LINKS_PORT))
    .option('--host <host>', 'loopback address to listen on', '127.0.0.1')
    .option('--config <file>', 'JSON config file (default: built-in defaults)')
    .action(async (options: Parameters<typeof serveLinksCommand>[0]) => setCode(await serveLinksCommand(options, out)));

  program
    .command('demo')
    .description('start the local emulator, seed an estate, run every sweep across its grace period and print what happened')
    .addOption(new Option('--locale <locale>', 'language of the printed reports, notices and digest').choices([...LOCALES]).default('en'))
    .option('--time-zone <zone>', 'IANA time zone that dates are shown in, e.g. Asia/Tokyo', 'UTC')
    .action(async (options: { locale: Locale; timeZone: string }) => {
      if (!isTimeZone(options.timeZone)) throw new UsageError(`--time-zone: "${options.timeZone}" is not an IANA time zone such as UTC or Asia/Tokyo`);
      const { runDemo } = await import('../local/demo.js');
      await runDemo({ print: (text) => out.stdout(text), presentation: { locale: options.locale, timeZone: options.timeZone } });
    });

  common(
    program
      .command('digest')
      .description('the weekly savings digest of one ISO week, read from the ledger (FINOPS_LEDGER_TABLE)')
      .option('--week <week>', 'the ISO week, e.g. 2026-W47 (default: the last complete week before --now)')
      .addOption(new Option('--format <format>', 'output format').choices([...DIGEST_FORMATS]))
      .option('--json', 'the same as --format json', false)
      .option('--out <file>', 'write to FILE instead of standard output'),
  ).action(async (options: Parameters<typeof digestCommand>[0]) => setCode(await digestCommand(options, out)));
  return program;
}

/** Repeated options accumulate. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const consoleOut: CommandOutput = { stdout: (t) => process.stdout.write(`${t}\n`), stderr: (t) => process.stderr.write(`${t}\n`) };

function describe(error: unknown): string {
  if (error instanceof ConfigError || error instanceof FinOpsError) return error.message;
  if (isCredentialError(errorName(error))) return `AWS credentials are missing or were rejected: ${errorMessage(error)}\n${CREDENTIALS_HINT}`;
  return errorMessage(error);
}
