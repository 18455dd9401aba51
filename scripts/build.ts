/**
 * `npm run build` (and `prepack`): what the package runs, into `dist/`.
 *
 * 1. tsc (`tsconfig.build.json`): JS + `.d.ts` of the construct (`infra/index.ts`), the
 *    CLI (`lib/cli/main.ts`) and every module they import, nothing else (no tests,
 *    benches, scripts; the Lambda handlers only as the bundles of step 3). With
 *    exactOptionalPropertyTypes, so a consumer compiling with it gets no error from
 *    what the package declares;
 * 2. the files those modules read at run time that are not TypeScript ({@link RUNTIME_FILES});
 * 3. every Lambda bundle, prebuilt into `dist/lambda/<name>/` ({@link buildLambdaAsset}),
 *    so synth from an installed package copies them and needs neither esbuild nor the
 *    package's lockfile;
 * 4. a check that every `new URL('<file>', import.meta.url)` and JSON import of the
 *    emitted code points at a file of dist/.
 *
 * Prints the file count and bytes of dist/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLambdaAsset, ALL_LAMBDA_NAMES } from '../infra/lambda-assets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

/** Where the prebuilt Lambda bundles go; `infra/lambda-assets.ts` compiled to dist/infra/ looks for them here. */
export const PREBUILT_LAMBDA_OUT = join(DIST, 'lambda');

/**
 * Non-TypeScript files the emitted code reads at run time, copied to the same path
 * under dist/: the bundled price tables (JSON imports), the local emulator of
 * `finops-ai demo` with its pricing fixtures, and the script that finds (or installs)
 * its moto (`lib/local/emulator.ts` runs `<root>/scripts/ensure-moto.sh`, root being dist/).
 */
export const RUNTIME_FILES: readonly string[] = [
  'lib/prices/data',
  'lib/local/emulator/launcher.py',
  // Every module the launcher imports (emulated_<service>.py), found rather than listed.
  ...readdirSync(join(ROOT, 'lib/local/emulator'))
    .filter((name) => /^emulated_\w+\.py$/.test(name))
    .sort()
    .map((name) => `lib/local/emulator/${name}`),
  'lib/local/emulator/fixtures/pricing',
  'scripts/ensure-moto.sh',
];

/** Source files under {@link RUNTIME_FILES} that only regenerate or document fixtures. */
const NOT_SHIPPED = new Set(['lib/local/emulator/fixtures/pricing/generate.py']);

function main(): void {
  const started = Date.now();
  rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
    // Its messages to stderr too: under `npm pack --json` stdout is the JSON.
    stdio: ['inherit', 2, 'inherit'],
  });
  if (tsc.status !== 0) fail(`tsc -p tsconfig.build.json failed (exit ${String(tsc.status)})`);

  for (const path of RUNTIME_FILES) {
    const from = join(ROOT, path);
    if (!existsSync(from)) fail(`runtime file ${path} does not exist`);
    cpSync(from, join(DIST, path), { recursive: true, filter: (source) => !NOT_SHIPPED.has(relative(ROOT, source)) });
  }
  for (const name of ALL_LAMBDA_NAMES) buildLambdaAsset(name, join(PREBUILT_LAMBDA_OUT, name));
  const missing = unresolvedRuntimeReferences(DIST);
  if (missing.length > 0)
    fail(`the emitted code reads files the build does not ship:\n  ${missing.join('\n  ')}\n(add them to RUNTIME_FILES in scripts/build.ts)`);

  const files = listFiles(DIST);
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  // On stderr: `npm pack --json` (prepack) keeps stdout for its JSON.
  console.error(
    `dist/: ${String(files.length)} files, ${(bytes / 1024).toFixed(0)} KiB (${String(ALL_LAMBDA_NAMES.length)} Lambda bundles) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * Every `new URL('<relative file>', import.meta.url)` and `import ... from '<relative>.json'`
 * of the JS under `dir` whose target is not there, as `<module>: <target>`.
 */
export function unresolvedRuntimeReferences(dir: string): string[] {
  const patterns = [/new URL\(\s*(['"`])(\.{1,2}\/[^'"`$]+)\1\s*,\s*import\.meta\.url\s*\)/g, /from\s*(['"])(\.{1,2}\/[^'"]+\.json)\1/g];
  const missing: string[] = [];
  for (const file of listFiles(dir).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const [, , reference = ''] of code.matchAll(pattern)) {
        if (!existsSync(resolve(dirname(file), reference))) missing.push(`${relative(dir, file)}: ${reference}`);
      }
    }
  }
  return missing;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function fail(message: string): never {
  console.error(`build: ${message}`);
  process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
