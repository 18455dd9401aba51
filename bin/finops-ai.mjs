#!/usr/bin/env node
// Entry of the `finops-ai` CLI (plain JavaScript, so it runs before anything is built).
//
// What it runs:
// - in a clone (the TypeScript sources are beside this file): the sources, loaded by tsx,
//   so `npx finops-ai` works right after `npm ci`, with no build and never a stale one;
// - in the installed package (no sources, only dist/): the compiled CLI.
//
// Which Node.js: the Lambdas run on Node.js 24, and the CLI is tested on it. On an older
// Node.js (>= 20 works) this re-runs itself once under a Node.js 24 when one is at hand:
// FINOPS_AI_NODE (a node binary), else in a clone scripts/node24.sh (the node on PATH, or
// the npm package node@24 it fetched into .tools/ once), else the npm package `node` >= 24
// installed beside finops-ai (`npm install node@24`). With none, it runs on and says so
// in one line instead of the AWS SDK's Node.js version warning.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RECOMMENDED_MAJOR = 24;
const MINIMUM_MAJOR = 20;
const REEXEC_MARK = 'FINOPS_AI_REEXEC';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const sources = join(root, 'lib/cli/main.ts');
const fromSource = existsSync(sources);
const major = Number(process.versions.node.split('.')[0]);

if (major < RECOMMENDED_MAJOR && !process.env[REEXEC_MARK]) {
  const node = nodeOfRecommendedMajor();
  if (node) await rerunWith(node);
  if (major < MINIMUM_MAJOR) {
    console.error(`finops-ai: Node.js ${process.version} is too old: it needs Node.js >= ${MINIMUM_MAJOR} (${RECOMMENDED_MAJOR} recommended).`);
    process.exit(1);
  }
  console.error(
    `finops-ai: running on Node.js ${process.version}; Node.js ${RECOMMENDED_MAJOR} (the Lambda runtime's) is recommended` +
      ` (set FINOPS_AI_NODE to a Node.js ${RECOMMENDED_MAJOR} binary, or npm install node@${RECOMMENDED_MAJOR}).`,
  );
  // Said once above; the SDK would add a multi-line warning per run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

let main;
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(pathToFileURL(sources).href));
} else {
  ({ main } = await import('../dist/lib/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));

/** A Node.js binary of at least the recommended major, or undefined. */
function nodeOfRecommendedMajor() {
  const candidates = [];
  if (process.env.FINOPS_AI_NODE) candidates.push(process.env.FINOPS_AI_NODE);
  const script = join(root, 'scripts/node24.sh');
  if (fromSource && existsSync(script)) {
    const found = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (found.status === 0 && found.stdout.trim()) candidates.push(join(found.stdout.trim(), 'node'));
  }
  const npmNode = npmPackageNode();
  if (npmNode) candidates.push(npmNode);
  return candidates.find((node) => majorOf(node) >= RECOMMENDED_MAJOR);
}

/** The binary of the npm package `node` when it is installed where this package can resolve it. */
function npmPackageNode() {
  try {
    const manifest = createRequire(import.meta.url).resolve('node/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
    const binary = join(dirname(manifest), 'bin/node');
    return Number(String(version).split('.')[0]) >= RECOMMENDED_MAJOR && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function majorOf(node) {
  const run = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim().split('.')[0]) : 0;
}

/** Runs this script under `node` with the same arguments, and exits as it does. */
async function rerunWith(node) {
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [REEXEC_MARK]: '1' },
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise((done) => {
    child.once('exit', (...result) => done(result));
    child.once('error', (error) => {
      console.error(`finops-ai: cannot run ${node}: ${error.message}`);
      done([1, null]);
    });
  });
  for (const s of signals) process.removeAllListeners(s);
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
}
