/**
 * The SageMaker Studio part of `finops-ai demo`, on the demo's emulator and deployment:
 * a domain without idle shutdown is recommended it, then (apply mode with
 * `setIdleSettings`) given it after the grace period, and restore puts the previous
 * settings back; the idle Studio app sweep reports the app nobody opened (report mode).
 */
import { DescribeDomainCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import { parseConfig } from '../config.js';
import { formatRestoreReport, formatSweepReport } from '../format/index.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { describeIdleShutdown, readIdleShutdown } from '../sweeps/studio-idle-settings/idle-settings.js';
import { sweepNamed } from '../sweeps/registry.js';
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import type { LocalEmulator } from './emulator.js';
import { seedStudio, studioDomainId, type SeedStudio } from './seed-studio.js';

const REGION = 'us-east-1';

/** Options of {@link runStudioDemo}. */
export interface StudioDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control'>;
  readonly print: (text: string) => void;
  /** The demo's deployment (ledger, topics), shared with its other parts. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clients: AwsClients;
  /** @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** First run's time. @default - the current hour */
  readonly start?: Date;
}

/** The demo's Studio: one domain without idle shutdown, one user, one private space whose JupyterLab app nobody opened for 30 h. */
export function demoStudio(): SeedStudio {
  return {
    domains: [{ name: 'ds-lab', tags: { owner: 'platform@example.com', team: 'platform', env: 'dev' } }],
    profiles: [{ domain: 'ds-lab', name: 'ana', tags: { owner: 'ana@example.com', team: 'risk' } }],
    spaces: [{ domain: 'ds-lab', name: 'ana-lab', appType: 'JupyterLab', owner: 'ana', tags: { owner: 'ana@example.com', team: 'risk' } }],
    apps: [{ domain: 'ds-lab', space: 'ana-lab', appType: 'JupyterLab', createdHoursAgo: 30 }],
    opens: [{ domain: 'ds-lab', profile: 'ana', space: 'ana-lab', hoursAgo: 30 }],
  };
}

/**
 * Runs the Studio demo and prints what happened.
 *
 * @example
 * await runStudioDemo({ emulator, print: console.log, env, clients });
 */
export async function runStudioDemo(options: StudioDemoOptions): Promise<void> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print, env, clients } = options;
  const day0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const estate = demoStudio();
  await seedStudio({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), now: day0, estate });
  const domainId = studioDomainId('ds-lab');
  const config = parseConfig({
    ...presentation,
    regions: [REGION],
    sweeps: {
      'studio-idle-settings': { mode: 'apply', setIdleSettings: true, idleTimeoutInMinutes: 60, gracePeriodHours: 24 },
      'idle-studio-apps': { mode: 'report' },
    },
  });
  const sweep = (name: string, at: Date) =>
    runConfiguredSweep({ sweep: sweepNamed(name), config, mode: name === 'idle-studio-apps' ? 'report' : 'apply', clock: fixedClock(at), env, clients });
  const idleSettings = async () => {
    const settings = (await clients.get(SageMakerClient, REGION).send(new DescribeDomainCommand({ DomainId: domainId }))).DefaultUserSettings;
    const show = (member: unknown) => describeIdleShutdown(readIdleShutdown(member));
    return `JupyterLab ${show(settings?.JupyterLabAppSettings)}, CodeEditor ${show(settings?.CodeEditorAppSettings)}`;
  };

  print('\n\n######## SageMaker Studio: idle shutdown settings (set in apply mode, restorable) and idle apps ########\n');
  print(`Domain ds-lab (${domainId}) idle settings: ${await idleSettings()}.`);
  print('Config: studio-idle-settings in apply mode with setIdleSettings (opt-in), idleTimeoutInMinutes 60, grace 24 h; idle-studio-apps in report mode.');
  print(`\n== Day 0: the domain's owner is told idle shutdown will be set`);
  print(formatSweepReport(await sweep('studio-idle-settings', day0), presentation));
  print(`\n== Day 0: idle Studio apps (report mode: nothing deleted)`);
  print(formatSweepReport(await sweep('idle-studio-apps', day0), presentation));
  const due = await sweep('studio-idle-settings', addHours(day0, 25));
  print(`\n== Day 1: grace period over, idle shutdown set. Domain ds-lab: ${await idleSettings()}`);
  print(formatSweepReport(due, presentation));
  const set = due.findings.find((f) => f.decision === 'acted' && f.resourceId === domainId);
  if (set?.actionId) {
    const at = addHours(day0, 26);
    print(`\n== Restore, ${at.toISOString()}: $ finops-ai restore ${set.actionId}`);
    print(formatRestoreReport(await restoreFromEnv({ actionId: set.actionId, clock: fixedClock(at), config, env, clients, sweepNamed }), presentation));
    print(`Domain ds-lab: ${await idleSettings()} (there was none before: restored as DISABLED, which is what none means).`);
  }
}
