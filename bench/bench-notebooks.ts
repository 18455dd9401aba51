/**
 * Benchmark: AWS calls per run of the interactive-compute sweeps on the local emulator,
 * one region: `idle-notebooks` over 500 notebook instances, and `idle-studio-apps` and
 * `studio-idle-settings` over 200 Studio apps (2 domains, 100 user profiles, 150 private
 * spaces). Report mode (the same reads as apply mode, no writes). Prints wall time and calls
 * per operation (moto's recorder) and exits non-zero when an operation exceeds its target:
 *
 * - idle-notebooks: ceil(N / 100) ListNotebookInstances; one LookupEvents query
 *   (ceil(opens in the window / 50) pages); 2 ListMetrics; ceil(agent series / 500)
 *   GetMetricData; one ListTags per InService notebook old enough (its schedule tag may make
 *   it idle); one DescribeNotebookInstance per notebook the signals call idle; 1 GetProducts.
 * - idle-studio-apps: ceil(A / 100) ListApps, 1 ListDomains, ceil(spaces / 100) ListSpaces,
 *   ceil(opens in the window / 50) LookupEvents; per app no open counts for, 1 DescribeApp
 *   and at most 1 ListTags (its space or profile), plus 1 ListTags per domain; at most one
 *   GetProducts per Studio price component; nothing for young or busy apps.
 * - studio-idle-settings: 1 ListDomains; per domain 1 DescribeDomain and one page set of
 *   ListUserProfiles and ListSpaces; one Describe per profile and per JupyterLab/Code Editor
 *   space (settings are not in the listings); ListTags only for flagged levels and their domain.
 *
 *   npx tsx bench/bench-notebooks.ts [--notebooks 500] [--apps 200]
 */
import { parseArgs } from 'node:util';
import { AwsClients } from '../lib/aws/clients.js';
import { fixedClock } from '../lib/core/clock.js';
import { parseConfig } from '../lib/config.js';
import { table } from '../lib/format/index.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { seedNotebooks, type SeedNotebook } from '../lib/local/seed-notebooks.js';
import { seedStudio, type SeedStudio, type SeedStudioApp, type SeedStudioSpace } from '../lib/local/seed-studio.js';
import { runConfiguredSweep } from '../lib/runtime.js';
import { sweepNamed } from '../lib/sweeps/registry.js';

const { values } = parseArgs({ options: { notebooks: { type: 'string', default: '500' }, apps: { type: 'string', default: '200' } } });
const NOTEBOOKS = Number(values.notebooks);
const APPS = Number(values.apps);
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
const NOW = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

// 500 notebooks: 1 in 20 stopped, 1 in 20 started 4 h ago, the rest running for 2 days;
// of those, 3 in 5 opened in the last 12 h (once), the others last opened 30 h ago.
const notebooks: SeedNotebook[] = Array.from({ length: NOTEBOOKS }, (_, i) => ({
  name: `nb-${String(i).padStart(4, '0')}`,
  tags: { owner: `user${i % 40}@example.com`, team: `team${i % 6}` },
  ...(i % 20 === 0 ? { status: 'Stopped' } : {}),
  startedHoursAgo: i % 20 === 1 ? 4 : 48,
  openedHoursAgo: i % 5 < 3 ? [1 + (i % 10)] : [30],
}));
const runningOld = notebooks.filter((n) => n.status === undefined && n.startedHoursAgo! >= 12);
const opensInWindow = notebooks.flatMap((n) => n.openedHoursAgo ?? []).filter((h) => h < 12).length;
const idleNotebooks = runningOld.filter((n) => n.openedHoursAgo!.every((h) => h >= 12)).length;
const notebookTargets: Record<string, number> = {
  'SageMaker.ListNotebookInstances': pages(NOTEBOOKS, 100),
  'CloudTrail.LookupEvents': pages(opensInWindow, 50),
  'CloudWatch.ListMetrics': 2,
  'CloudWatch.GetMetricData': 1,
  'SageMaker.ListTags': runningOld.length,
  'SageMaker.DescribeNotebookInstance': idleNotebooks,
  'Pricing.GetProducts': 1,
};

// 200 apps: 150 in private spaces (100 JupyterLab, 50 Code Editor), 50 of profiles (30 KernelGateway, 20 JupyterServer);
// 1 in 10 created 4 h ago; 40 of the 100 users opened Studio in the last 24 h; 1 in 10 apps used 2 h ago.
const profiles = Array.from({ length: 100 }, (_, i) => ({ domain: i % 2 ? 'ml-b' : 'ml-a', name: `user${String(i).padStart(3, '0')}` }));
const spaceCount = Math.round((APPS * 3) / 4);
const spaces: SeedStudioSpace[] = Array.from({ length: spaceCount }, (_, i) => ({
  domain: profiles[i % 100]!.domain,
  name: `space-${String(i).padStart(3, '0')}`,
  appType: i % 3 === 2 ? 'CodeEditor' : 'JupyterLab',
  owner: profiles[i % 100]!.name,
  tags: { owner: `${profiles[i % 100]!.name}@example.com`, team: `team${i % 6}` },
  ...(i % 25 === 0 ? { idleTimeoutInMinutes: 4320 } : {}),
}));
const apps: SeedStudioApp[] = [
  ...spaces.map((s, i) => ({
    domain: s.domain,
    space: s.name,
    appType: s.appType,
    createdHoursAgo: i % 10 === 0 ? 4 : 48,
    ...(i % 10 === 5 ? { activeHoursAgo: 2 } : {}),
  })),
  ...Array.from({ length: APPS - spaceCount }, (_, i): SeedStudioApp => ({
    domain: profiles[i % 100]!.domain,
    profile: profiles[i % 100]!.name,
    appType: i % 5 < 3 ? 'KernelGateway' : 'JupyterServer',
    appName: `app-${i}`,
    createdHoursAgo: i % 10 === 0 ? 4 : 48,
  })),
];
const opened = new Set(profiles.filter((_, i) => i % 5 < 2).map((p) => p.name));
const studio: SeedStudio = {
  domains: [
    { name: 'ml-a', tags: { owner: 'platform@example.com', team: 'platform' } },
    { name: 'ml-b', tags: { owner: 'platform@example.com', team: 'platform' } },
  ],
  profiles: profiles.map((p, i) => ({
    ...p,
    ...(i % 10 === 3 ? { userSettings: { JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'DISABLED' } } } } } : {}),
  })),
  spaces,
  apps,
  opens: profiles.filter((p) => opened.has(p.name)).map((p, i) => ({ domain: p.domain, profile: p.name, hoursAgo: 1 + (i % 20) })),
};
const ownerOf = (a: SeedStudioApp): string => (a.space ? spaces.find((s) => s.name === a.space)!.owner! : a.profile!);
const described = apps.filter((a) => (a.createdHoursAgo ?? 48) >= 24 && !opened.has(ownerOf(a)));
const appTargets: Record<string, number> = {
  'SageMaker.ListApps': pages(APPS, 100),
  'SageMaker.ListDomains': 1,
  'SageMaker.ListSpaces': pages(spaceCount, 100),
  'CloudTrail.LookupEvents': pages(studio.opens!.length, 50),
  'SageMaker.DescribeApp': described.length,
  'SageMaker.ListTags': described.length + studio.domains.length,
  'Pricing.GetProducts': 3,
};
const settingsTargets: Record<string, number> = {
  'SageMaker.ListDomains': 1,
  'SageMaker.DescribeDomain': 2,
  'SageMaker.ListUserProfiles': 2,
  'SageMaker.DescribeUserProfile': profiles.length,
  'SageMaker.ListSpaces': 2,
  'SageMaker.DescribeSpace': spaceCount,
  // Both domains (no idle settings), the profiles that disable it and the long-timeout spaces.
  'SageMaker.ListTags': 2 + profiles.filter((_, i) => i % 10 === 3).length + spaces.filter((s) => s.idleTimeoutInMinutes).length,
};

const emulator = await startLocalEmulator();
const failures: string[] = [];
try {
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });
  const control = (p: string, b?: unknown) => emulator.control(p, b);
  let seedStart = performance.now();
  await seedNotebooks({ endpoint: emulator.endpoint, region: REGION, control, now: NOW, notebooks, concurrency: 16 });
  console.log(`Seeded ${NOTEBOOKS} notebooks in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`);
  seedStart = performance.now();
  await seedStudio({ endpoint: emulator.endpoint, region: REGION, control, now: NOW, estate: studio, concurrency: 16 });
  console.log(
    `Seeded 2 Studio domains, ${profiles.length} profiles, ${spaceCount} spaces, ${APPS} apps in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.\n`,
  );
  const config = parseConfig({ regions: [REGION] });

  const bench = async (sweepName: string, what: string, targets: Record<string, number>) => {
    await emulator.startRecording();
    const start = performance.now();
    const report = await runConfiguredSweep({
      sweep: sweepNamed(sweepName),
      config,
      mode: 'report',
      clock: fixedClock(NOW),
      env: { AWS_REGION: REGION },
      clients,
    });
    const seconds = (performance.now() - start) / 1000;
    await emulator.stopRecording();
    const calls = await emulator.recordedCalls();
    const over = Object.entries(calls).filter(([op, n]) => n > (targets[op] ?? 0));
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    const target = Object.values(targets).reduce((a, b) => a + b, 0);
    const monthly = report.findings.reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
    console.log(
      `${sweepName}, report mode, ${what}: ${seconds.toFixed(2)} s; ${report.findings.length} findings ($${monthly.toFixed(2)}/month), ${report.errors.length} errors`,
    );
    console.log(
      table([
        ['OPERATION', 'CALLS', 'TARGET (at most)'],
        ...[...new Set([...Object.keys(calls), ...Object.keys(targets)])].sort().map((op) => [op, String(calls[op] ?? 0), String(targets[op] ?? 0)]),
        ['total', String(total), String(target)],
      ]),
    );
    console.log(over.length ? `OVER TARGET: ${over.map(([op, n]) => `${op} ${n} > ${targets[op] ?? 0}`).join(', ')}\n` : 'within target\n');
    if (over.length || report.errors.length) failures.push(sweepName);
  };
  await bench('idle-notebooks', `${NOTEBOOKS} notebook instances (${runningOld.length} InService for 12 h or more, ${idleNotebooks} idle)`, notebookTargets);
  await bench('idle-studio-apps', `${APPS} Studio apps (${described.length} old with no open by their user)`, appTargets);
  await bench('studio-idle-settings', `2 domains, ${profiles.length} profiles, ${spaceCount} spaces`, settingsTargets);
} finally {
  await emulator.stop();
}
if (failures.length) {
  console.log(`FAILED: ${failures.join(', ')}`);
  process.exit(1);
}
