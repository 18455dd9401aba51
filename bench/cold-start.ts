/**
 * Benchmark: the cold start of each Lambda.
 *
 * Builds every Lambda's asset with the function the CDK construct uses
 * (`buildLambdaAsset` in infra/lambda-assets.ts: ESM for Node.js 24, minified,
 * `@aws-sdk/*` left to the runtime) and its `config.json` (the defaults), then prints per function: the
 * bundle's bytes, the `@aws-sdk/*` packages it imports, and the time to import its
 * handler (min and median of `--runs`, each in a fresh `node` process, the SDK
 * resolved from node_modules as the Lambda runtime resolves its own copy), the bytes
 * of the price tables the asset carries as data beside the bundle, next to
 * `node -e 0` measured in the same run, and the time to import only the `@aws-sdk/*`
 * packages the bundle imports (the part the bundle cannot shrink). Runs are
 * interleaved across functions so a busy machine slows them all alike. A second
 * table splits each bundle's bytes by where they come from.
 *
 * Target: every sweep bundle under 150 KB (checked: the exit code is 1 when one is
 * over) and import under 250 ms (printed, not asserted: times depend on the machine).
 *
 *   npx tsx bench/cold-start.ts [--runs 10]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Metafile } from 'esbuild';
import { ALL_LAMBDA_NAMES, BUNDLE_FILE, buildLambdaAsset, bundledConfigOf, PACKAGE_ROOT, PRICE_DATA_DIR } from '../infra/lambda-assets.js';
import { table } from '../lib/format/index.js';
import { parseConfig } from '../lib/config.js';
import { ENV, METRICS_NAMESPACE, POWERTOOLS_ENV, SERVICE_NAME } from '../lib/core/deployment-names.js';
import { BUNDLED_CONFIG_FILE } from '../lib/lambda/bundled-config.js';
import { SWEEP_NAMES } from '../lib/sweeps/registry.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
/** Bytes a sweep bundle must stay under. */
const MAX_SWEEP_BUNDLE_BYTES = 150 * 1024;
/** Import time a sweep handler should stay under (printed only). */
const TARGET_IMPORT_MS = 250;

/** Under the repository, so the bundles resolve `@aws-sdk/*` from its node_modules. */
const outRoot = join(PACKAGE_ROOT, 'build', 'cold-start');
rmSync(outRoot, { recursive: true, force: true });

interface Asset {
  readonly name: string;
  readonly file: string;
  /** A module importing only the bundle's `@aws-sdk/*` packages, beside it. */
  readonly sdkOnlyFile: string;
  readonly env: Record<string, string>;
  readonly metafile: Metafile;
}

/** The environment the construct gives the Lambdas (the deployment's names stand in). */
const env = {
  AWS_REGION: 'us-east-1',
  [ENV.ledgerTable]: 'finops-ledger',
  [ENV.noticesTopicArn]: 'arn:aws:sns:us-east-1:123456789012:notices',
  [ENV.digestTopicArn]: 'arn:aws:sns:us-east-1:123456789012:digest',
  [ENV.digestBucket]: 'finops-digests',
  [POWERTOOLS_ENV.serviceName]: SERVICE_NAME,
  [POWERTOOLS_ENV.metricsNamespace]: METRICS_NAMESPACE,
};
const config = parseConfig({});

/** The asset as deployed: the bundle and, beside it, the config the Lambda reads at import. */
function buildAsset(name: string): Asset {
  const dir = join(outRoot, name);
  const metafile = buildLambdaAsset(name, dir);
  writeFileSync(join(dir, BUNDLED_CONFIG_FILE), JSON.stringify(bundledConfigOf(name, config)));
  const file = join(dir, BUNDLE_FILE);
  const sdkOnlyFile = join(dir, 'sdk-only.mjs');
  writeFileSync(
    sdkOnlyFile,
    sdkPackages(file)
      .map((p) => `import '${p}';\n`)
      .join(''),
  );
  return { name, file, sdkOnlyFile, env, metafile };
}

/** The `@aws-sdk/*` packages a bundle imports (the runtime loads each at import). */
function sdkPackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/["'](@aws-sdk\/[a-z0-9-]+)/g)].map((m) => m[1]!))].sort();
}

const IMPORT_SCRIPT = 'const s=performance.now();await import(process.argv[1]);process.stdout.write(String(performance.now()-s));';

/** One fresh process importing `file` (the handler by default): the in-process import time and the process's wall time. */
function timeImport(asset: Asset, file = asset.file): { importMs: number; wallMs: number } {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH ?? '', ...asset.env },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`importing ${asset.name} failed:\n${child.stderr}`);
  return { importMs: Number(child.stdout), wallMs };
}

function timeBaseline(): number {
  const start = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - start;
}

/** Where bundle bytes come from, first match wins. */
const ORIGINS: readonly { label: string; test: (input: string) => boolean }[] = [
  { label: 'price tables', test: (f) => f.startsWith('lib/prices/data/') },
  { label: 'price book', test: (f) => f.startsWith('lib/prices/') },
  { label: 'sweep code', test: (f) => f.startsWith('lib/sweeps/') },
  { label: 'messages', test: (f) => /^lib\/(format|digest)\/messages\//.test(f) },
  { label: 'lib (engine, ledger, ...)', test: (f) => f.startsWith('lib/') },
  { label: 'zod', test: (f) => f.includes('node_modules/zod/') },
  { label: 'powertools+middy', test: (f) => /node_modules\/(@aws-lambda-powertools|@middy|@aws\/lambda-invoke-store)\//.test(f) },
  { label: 'other', test: () => true },
];

function bytesByOrigin(metafile: Metafile): number[] {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith(BUNDLE_FILE))![1];
  const totals = ORIGINS.map(() => 0);
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) totals[ORIGINS.findIndex((o) => o.test(input))]! += bytesInOutput;
  return totals;
}

/** Bytes of the price tables beside the bundle (read at run time, not imported). */
function dataBytes(asset: Asset): number {
  const dir = join(asset.file, '..', PRICE_DATA_DIR);
  return existsSync(dir) ? readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0) : 0;
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median };
};
const ms = (x: number) => x.toFixed(0);

const assets = ALL_LAMBDA_NAMES.map(buildAsset);

const imports = new Map(assets.map((a) => [a.name, [] as number[]]));
const walls = new Map(assets.map((a) => [a.name, [] as number[]]));
const sdkOnly = new Map(assets.map((a) => [a.name, [] as number[]]));
const baseline: number[] = [];
for (let i = 0; i < runs; i++) {
  baseline.push(timeBaseline());
  for (const asset of assets) {
    const t = timeImport(asset);
    imports.get(asset.name)!.push(t.importMs);
    walls.get(asset.name)!.push(t.wallMs);
    sdkOnly.get(asset.name)!.push(timeImport(asset, asset.sdkOnlyFile).importMs);
  }
}

const base = stats(baseline);
console.log(`Cold start of each Lambda handler: ${runs} fresh processes each, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`node -e 0 (process baseline): min ${ms(base.min)} ms, median ${ms(base.median)} ms\n`);
const over: string[] = [];
const rows = assets.map((asset) => {
  const bytes = statSync(asset.file).size;
  const imp = stats(imports.get(asset.name)!);
  const wall = stats(walls.get(asset.name)!);
  const sdkImp = stats(sdkOnly.get(asset.name)!);
  const sweep = SWEEP_NAMES.includes(asset.name);
  if (sweep && bytes >= MAX_SWEEP_BUNDLE_BYTES) over.push(`${asset.name} (${bytes} bytes)`);
  const sdk = sdkPackages(asset.file);
  return [
    asset.name,
    String(bytes),
    `${(bytes / 1024).toFixed(0)} KB`,
    `${(dataBytes(asset) / 1024).toFixed(0)} KB`,
    `${ms(imp.min)} / ${ms(imp.median)}`,
    `${ms(wall.min)} / ${ms(wall.median)}`,
    `${ms(sdkImp.min)} / ${ms(sdkImp.median)}`,
    sweep ? `${bytes < MAX_SWEEP_BUNDLE_BYTES ? 'yes' : 'no'} / ${imp.median < TARGET_IMPORT_MS ? 'yes' : 'no'}` : 'n/a',
    `${sdk.length}: ${sdk.map((p) => p.replace('@aws-sdk/', '')).join(' ')}`,
  ];
});
console.log(
  table([
    [
      'function',
      'bundle bytes',
      'size',
      'data beside',
      'import ms min / median',
      'process ms min / median',
      'sdk-only ms min / median',
      'on target: bytes / import',
      'aws-sdk packages',
    ],
    ...rows,
  ]),
);
console.log(
  `\nBundle bytes by origin (KB):\n${table([['function', ...ORIGINS.map((o) => o.label)], ...assets.map((a) => [a.name, ...bytesByOrigin(a.metafile).map((b) => (b / 1024).toFixed(1))])])}`,
);
console.log(
  `\ndata beside: the price tables in ${PRICE_DATA_DIR}/, read at the first lookup that needs each (not part of the bundle).` +
    `\nimport ms: await import() of the bundle inside the process; process ms: the whole \`node\` process (compare with node -e 0);` +
    `\nsdk-only ms: importing only the bundle's @aws-sdk packages (loaded from node_modules, not bundled).` +
    `\nTarget for sweep bundles: < ${MAX_SWEEP_BUNDLE_BYTES / 1024} KB (checked) and median import < ${TARGET_IMPORT_MS} ms (printed only).`,
);
if (over.length > 0) {
  console.error(`\nOver the ${MAX_SWEEP_BUNDLE_BYTES / 1024} KB bundle target: ${over.join(', ')}`);
  process.exitCode = 1;
}
