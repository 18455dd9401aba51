/**
 * The code of every finops-ai Lambda, derived from the registry: one bundle per
 * registered sweep, from a generated entry that imports only that sweep's folder
 * (`lib/sweeps/<name>/index.ts`) and the generic handler, plus the weekly digest.
 * There is no hand-written entry file per sweep. Synth and `npm run bench:cold-start`
 * build them with the same function ({@link buildLambdaAsset}).
 *
 * Where bundles come from:
 * - running from source (this file is `.ts`): built with esbuild at synth, once per
 *   process per Lambda;
 * - a packaged install (this file compiled to `.js`): prebuilt before packaging into
 *   `<this folder>/../lambda/<name>/` ({@link PREBUILT_LAMBDA_DIR}) with
 *   {@link buildLambdaAsset}, and only copied at synth.
 *
 * Each deployed asset is the bundle, the price tables it reads (`data/*.json`,
 * when it includes the price book: they are data, not code) and the Lambda's own
 * `config.json` ({@link stageLambdaAsset}).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as esbuild from 'esbuild';
import { FinOpsError } from '../lib/core/errors.js';
import type { FinOpsConfig } from '../lib/config.js';
import { BUNDLED_CONFIG_FILE, sweepLambdaConfig, type BundledConfig } from '../lib/lambda/bundled-config.js';
import { PRICE_TABLE_FILES } from '../lib/prices/bundled-tables.js';
import { linksLambdaConfig } from '../lib/lambda/links-config.js';
import { SWEEP_NAMES, SWEEPS, sweepNamed } from '../lib/sweeps/registry.js';

/** The package root (this file is `infra/lambda-assets.ts`). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where a packaged install keeps the bundles built before packaging: `<name>/index.mjs` each. */
export const PREBUILT_LAMBDA_DIR = fileURLToPath(new URL('../lambda/', import.meta.url));

/** `true` when this module runs from its TypeScript source (then bundles are built at synth). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Name of the weekly digest Lambda (the others are named after their sweep). */
export const DIGEST_LAMBDA = 'weekly-digest';

/** Every scheduled Lambda finops-ai can deploy: one per registered sweep, then the weekly digest. */
export const LAMBDA_NAMES: readonly string[] = [...SWEEP_NAMES, DIGEST_LAMBDA];

/** Name of the Lambda that lists the (account, region) pairs of a sweep's state machine (`config.accounts` only). */
export const PAIRS_LAMBDA = 'sweep-pairs';

/** Name of the owner-action endpoint's Lambda (behind its function URL; deployed with `ownerActions.enabled`). */
export const LINKS_LAMBDA = 'owner-links';

/** Every Lambda bundle finops-ai can deploy: the scheduled ones ({@link LAMBDA_NAMES}), the owner-action endpoint and the pairs Lambda. */
export const ALL_LAMBDA_NAMES: readonly string[] = [...LAMBDA_NAMES, LINKS_LAMBDA, PAIRS_LAMBDA];

/** The bundle's file in every asset; the Lambda handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';

/** The Lambda handler setting: {@link BUNDLE_FILE}'s export `handler`. */
export const LAMBDA_HANDLER = 'index.handler';

/** What {@link buildLambdaAsset} always writes: the bundle and its source map. */
export const BUNDLE_FILES = [BUNDLE_FILE, `${BUNDLE_FILE}.map`] as const;

/**
 * The folder beside the bundle holding the price tables, for a bundle that reads
 * them (`lib/prices/bundled-tables.ts` reads `./data/<file>` relative to itself,
 * which in a bundle is {@link BUNDLE_FILE}).
 */
export const PRICE_DATA_DIR = 'data';

/** The module whose presence in a bundle means it reads the price tables. */
const PRICE_TABLES_MODULE = 'lib/prices/bundled-tables.ts';

/** How every Lambda is bundled: minified UTF-8 ESM for Node.js 24, the AWS SDK left to the runtime. */
export const LAMBDA_BUNDLING = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  // Non-ASCII text (the Japanese messages) as UTF-8, not \uXXXX escapes: half the bytes.
  charset: 'utf8',
  sourcemap: true,
  sourcesContent: false,
  // The Node.js 24 runtime ships the AWS SDK v3.
  external: ['@aws-sdk/*'],
  // Lets CommonJS dependencies bundled into the ESM output call `require`.
  banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
} as const satisfies esbuild.BuildOptions;

/**
 * The generated entry of Lambda `name`: for a sweep, its folder's declaration and
 * the generic handler, nothing else; for the digest, the digest handler. Throws
 * `UnknownSweepError` for a name that is neither.
 *
 * @example lambdaEntrySource('idle-endpoints')
 * // import * as declarations from './lib/sweeps/idle-endpoints/index.js';
 * // ...
 * // export const handler = createSweepHandler(declaredSweep(declarations, "idle-endpoints"));
 */
export function lambdaEntrySource(name: string): string {
  if (name === DIGEST_LAMBDA) {
    return ["import { createDigestHandler } from './lib/lambda/digest-handler.js';", 'export const handler = createDigestHandler();'].join('\n');
  }
  if (name === PAIRS_LAMBDA) return "export { handler } from './lib/lambda/pairs-handler.js';";
  if (name === LINKS_LAMBDA) {
    return ["import { createLinksHandler } from './lib/lambda/links-handler.js';", 'export const handler = createLinksHandler();'].join('\n');
  }
  const sweep = sweepNamed(name);
  return [
    `import * as declarations from './lib/sweeps/${sweep.name}/index.js';`,
    "import { declaredSweep } from './lib/lambda/declared-sweep.js';",
    "import { createSweepHandler } from './lib/lambda/sweep-handler.js';",
    `export const handler = createSweepHandler(declaredSweep(declarations, ${JSON.stringify(sweep.name)}));`,
  ].join('\n');
}

/**
 * Bundles Lambda `name` from its generated entry into `outDir` ({@link BUNDLE_FILES}),
 * from the sources under {@link PACKAGE_ROOT}, and copies the price tables into
 * `outDir/`{@link PRICE_DATA_DIR} when the bundle includes the price book (its
 * metafile lists `lib/prices/bundled-tables.ts`). Synchronous, so a construct can
 * call it. Returns esbuild's metafile: which sources went in (paths relative to
 * {@link PACKAGE_ROOT}) and how many bytes each left in the bundle.
 *
 * @example prebuilding for a package
 * for (const name of LAMBDA_NAMES) buildLambdaAsset(name, join(PREBUILT_LAMBDA_DIR, name));
 */
export function buildLambdaAsset(name: string, outDir: string): esbuild.Metafile {
  mkdirSync(outDir, { recursive: true });
  // Required here, not imported: a packaged install only copies prebuilt bundles, without esbuild.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof esbuild;
  const result = buildSync({
    ...LAMBDA_BUNDLING,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    external: [...LAMBDA_BUNDLING.external],
    stdin: { contents: lambdaEntrySource(name), resolveDir: PACKAGE_ROOT, sourcefile: `lambda-entry/${name}.ts`, loader: 'ts' },
    outfile: join(outDir, BUNDLE_FILE),
    absWorkingDir: PACKAGE_ROOT,
    metafile: true,
    logLevel: 'warning',
  });
  const dataDir = join(outDir, PRICE_DATA_DIR);
  rmSync(dataDir, { recursive: true, force: true });
  if (PRICE_TABLES_MODULE in result.metafile.inputs) {
    mkdirSync(dataDir);
    for (const file of Object.values(PRICE_TABLE_FILES)) copyFileSync(join(PACKAGE_ROOT, 'lib', 'prices', 'data', file), join(dataDir, file));
  }
  return result.metafile;
}

/** The files of a built bundle directory to deploy, relative to it: {@link BUNDLE_FILES}, then the price tables if any. */
function bundleFilesIn(dir: string): string[] {
  const dataDir = join(dir, PRICE_DATA_DIR);
  const data = existsSync(dataDir) ? readdirSync(dataDir).sort() : [];
  return [...BUNDLE_FILES, ...data.map((file) => `${PRICE_DATA_DIR}/${file}`)];
}

/** Bundles built in this process, by Lambda name. */
const built = new Map<string, string>();
let buildRoot: string | undefined;

/**
 * The directory holding Lambda `name`'s {@link BUNDLE_FILES}: the prebuilt one in a
 * packaged install, else built now (once per process). Throws {@link FinOpsError}
 * when a packaged install lacks it.
 */
export function lambdaBundleDir(name: string): string {
  if (!FROM_SOURCE) {
    const dir = join(PREBUILT_LAMBDA_DIR, name);
    if (!existsSync(join(dir, BUNDLE_FILE))) {
      throw new FinOpsError(`No prebuilt bundle for Lambda "${name}": expected ${join(dir, BUNDLE_FILE)} (buildLambdaAsset before packaging).`);
    }
    return dir;
  }
  let dir = built.get(name);
  if (!dir) {
    buildRoot ??= newBuildRoot();
    dir = join(buildRoot, name);
    buildLambdaAsset(name, dir);
    built.set(name, dir);
  }
  return dir;
}

/**
 * The part of a validated config Lambda `name` gets as its `config.json`: a
 * sweep's Lambda its own section and the shared settings ({@link sweepLambdaConfig});
 * the digest all of it (it reports on every sweep and team budget); the owner-action
 * endpoint the shared settings and the sweeps' titles ({@link linksLambdaConfig}); the
 * pairs Lambda the regions, the AWS settings and the accounts.
 */
export function bundledConfigOf(name: string, config: FinOpsConfig): BundledConfig {
  if (name === LINKS_LAMBDA) return linksLambdaConfig(config, SWEEPS);
  if (name === PAIRS_LAMBDA)
    return { ...(config.regions ? { regions: config.regions } : {}), aws: config.aws, ...(config.accounts ? { accounts: config.accounts } : {}) };
  return name === DIGEST_LAMBDA ? config : sweepLambdaConfig(config, name);
}

/**
 * A directory for this process's bundles, removed when it exits (the staged assets
 * are copies). Under the package root, so the source maps' relative paths, and so
 * the asset hashes, do not depend on where the checkout is.
 */
function newBuildRoot(): string {
  const parent = join(PACKAGE_ROOT, 'build', 'lambda-bundles');
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'synth-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** Options of {@link stageLambdaAsset}. */
export interface StageLambdaAssetOptions {
  /**
   * `false` leaves the bundle out (the stack is excluded from bundling, e.g.
   * `cdk deploy OtherStack` or a test with `aws:cdk:bundling-stacks: []`).
   * @default true
   */
  readonly bundle?: boolean;
}

/**
 * The directory holding what Lambda `name` deploys: its bundle, the price tables
 * it reads ({@link PRICE_DATA_DIR}, if any) and, as `config.json`, the config it
 * reads at cold start (see `loadBundledConfig`).
 * Named after its content's hash under the system's temporary directory, so the
 * same asset staged again (another synth, a parallel test) is the same directory,
 * written once with an atomic rename, and nothing piles up.
 *
 * @example
 * lambda.Code.fromAsset(stageLambdaAsset('idle-endpoints', bundledConfigOf('idle-endpoints', config)))
 */
export function stageLambdaAsset(name: string, config: BundledConfig, options: StageLambdaAssetOptions = {}): string {
  const bundle = options.bundle === false ? undefined : lambdaBundleDir(name);
  const files = new Map<string, Buffer>(bundle ? bundleFilesIn(bundle).map((file) => [file, readFileSync(join(bundle, file))]) : []);
  files.set(BUNDLED_CONFIG_FILE, Buffer.from(JSON.stringify(config)));
  const hash = createHash('sha256');
  for (const [file, content] of files) hash.update(`${file}\0${content.length}\0`).update(content);
  const parent = join(tmpdir(), 'finops-ai-assets');
  const dir = join(parent, `${name}-${hash.digest('hex').slice(0, 32)}`);
  if (existsSync(dir)) return dir;
  mkdirSync(parent, { recursive: true });
  const partial = mkdtempSync(join(parent, `.${name}-`));
  for (const [file, content] of files) {
    mkdirSync(dirname(join(partial, file)), { recursive: true });
    writeFileSync(join(partial, file), content);
  }
  try {
    renameSync(partial, dir);
  } catch (error) {
    // Staged meanwhile by another process, with the same content.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}
