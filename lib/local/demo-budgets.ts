/**
 * The team-budget part of `finops-ai demo`, on the endpoints' emulator and ledger:
 * creates the teams' AWS budgets as the construct defines them (with seeded spend,
 * which moto reports as given), runs the budget guard across its grace period, and
 * shows the idle-endpoint sweep applying an over-budget team's stricter limits.
 */
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import type { AwsClients } from '../aws/clients.js';
import { teamBudgetDefinitions } from '../budgets/team-budgets.js';
import { addHours, fixedClock } from '../core/clock.js';
import { formatSweepReport, formatUsd } from '../format/index.js';
import { parseConfig, type FinOpsConfig } from '../config.js';
import { runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import type { LocalEmulator } from './emulator.js';
import { seedTeamBudgets } from './seed-budgets.js';

/** Options of {@link runBudgetDemo}. */
export interface BudgetDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'endpoint'>;
  readonly print: (text: string) => void;
  /** Language and time zone of what the demo prints and sends. @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** The deployment variables of the endpoints demo (its ledger and topics). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clients: AwsClients;
  /** The endpoints demo's config, to which the teams' budgets are added. */
  readonly config: FinOpsConfig;
  readonly start: Date;
}

/** Runs the budget demo; returns the config with the teams' budgets (for the digest's budget section). */
export async function runBudgetDemo(options: BudgetDemoOptions): Promise<FinOpsConfig> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { print, env, clients, start } = options;
  const config = parseConfig({
    ...presentation,
    ...options.config,
    budgets: {
      teams: [
        {
          team: 'nlp',
          monthlyLimitUsd: 2000,
          owner: 'raj@example.com',
          response: 'tighten',
          tightened: { 'idle-endpoints': { maxInvocations: 100, gracePeriodHours: 2 } },
        },
        { team: 'vision', monthlyLimitUsd: 1000, owner: 'ana@example.com' },
        { team: 'risk', monthlyLimitUsd: 5000, owner: 'lee@example.com' },
      ],
    },
    sweeps: { ...options.config.sweeps, 'budget-guard': { mode: 'apply', gracePeriodHours: 2 } },
  });
  const spend = { nlp: { actualUsd: 2400, forecastUsd: 3100 }, vision: { actualUsd: 850, forecastUsd: 990 }, risk: { actualUsd: 1200, forecastUsd: 2900 } };
  await seedTeamBudgets({ endpoint: options.emulator.endpoint, definitions: teamBudgetDefinitions(config), spend });
  const budgets = config.budgets.teams.map(
    (b) =>
      `${b.team} ${formatUsd(spend[b.team as keyof typeof spend].actualUsd)} of ${formatUsd(b.monthlyLimitUsd)}${b.response === 'tighten' ? ' (response: tighten)' : ''}`,
  );
  print(`Budgets: ${budgets.join(', ')}.`);
  const run = (sweep: string, at: Date, mode: 'report' | 'apply') =>
    runConfiguredSweep({ sweep: sweepNamed(sweep), config, mode, clock: fixedClock(at), env, clients });

  print(`\n== budget-guard, ${start.toISOString()}: nlp is over (tightening scheduled), vision past its 80% warning`);
  print(formatSweepReport(await run('budget-guard', start, 'apply'), presentation));
  const due = addHours(start, 2);
  print(`\n== budget-guard, ${due.toISOString()}: grace period over, nlp's stricter limits in force until the month ends`);
  print(formatSweepReport(await run('budget-guard', due, 'apply'), presentation));
  print(`\n== idle-endpoints (report), ${due.toISOString()}: nlp's batch-scorer (40 invocations in 7 days) is idle under nlp's stricter limit of 100`);
  print(formatSweepReport(await run('idle-endpoints', due, 'report'), presentation));
  return config;
}
