/**
 * The Lambda code derived from the registry: one generated entry per sweep that
 * bundles that sweep's folder and not the registry or another sweep's
 * declaration, and the digest. Each Lambda is built once (about a second each).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_FILE,
  BUNDLE_FILES,
  buildLambdaAsset,
  DIGEST_LAMBDA,
  ALL_LAMBDA_NAMES,
  LAMBDA_NAMES,
  PAIRS_LAMBDA,
  lambdaEntrySource,
  PACKAGE_ROOT,
  PRICE_DATA_DIR,
  stageLambdaAsset,
} from '../../infra/lambda-assets.js';
import { UnknownSweepError } from '../../lib/core/errors.js';
import { BUNDLED_CONFIG_FILE } from '../../lib/lambda/bundled-config.js';
import { PRICE_TABLE_FILES } from '../../lib/prices/bundled-tables.js';
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';

/**
 * Files of other sweep folders a sweep's bundle still reaches, and through what:
 * every sweep's `config.ts` through `lib/config.ts` (until the Lambda validates with
 * a registry-free schema of its own sweep), and rightsizing's helpers shared with
 * two sibling sweeps (until they move to a shared adapter module). Shrink it as
 * those move; nothing else may appear.
 */
const KNOWN_CROSS_SWEEP_FILES: readonly string[] = [
  ...SWEEP_NAMES.map((name) => `lib/sweeps/${name}/config.ts`),
  'lib/sweeps/idle-endpoints/inventory.ts',
  'lib/sweeps/idle-endpoints/rule.ts',
  'lib/sweeps/orphan-volumes/inventory.ts',
  'lib/sweeps/orphan-volumes/rule.ts',
];

const built = new Map<string, { dir: string; metafile: Metafile }>();

beforeAll(() => {
  for (const name of LAMBDA_NAMES) {
    const dir = mkdtempSync(join(tmpdir(), `finops-asset-${name}-`));
    built.set(name, { dir, metafile: buildLambdaAsset(name, dir) });
  }
});

afterAll(() => {
  for (const { dir } of built.values()) rmSync(dir, { recursive: true, force: true });
});

const sources = (name: string) => Object.keys(built.get(name)!.metafile.inputs);

describe('Lambda code from the registry', () => {
  it('is one Lambda per registered sweep, plus the weekly digest', () => {
    expect(LAMBDA_NAMES).toEqual([...SWEEP_NAMES, DIGEST_LAMBDA]);
  });

  it.each(SWEEP_NAMES)('%s: bundles its own sweep folder and the generic handler, never the registry or another sweep’s declaration', (name) => {
    const files = sources(name);
    expect(files).toContain(`lib/sweeps/${name}/index.ts`);
    expect(files).toContain('lib/lambda/sweep-handler.ts');
    expect(files).not.toContain('lib/sweeps/registry.ts');
    expect(files).not.toContain('lib/lambda/digest-handler.ts');
    const otherSweeps = files.filter((f) => f.startsWith('lib/sweeps/') && !f.startsWith(`lib/sweeps/${name}/`));
    expect(otherSweeps.filter((f) => f.endsWith('/index.ts'))).toEqual([]);
    expect(otherSweeps.filter((f) => !KNOWN_CROSS_SWEEP_FILES.includes(f))).toEqual([]);
  });

  it.each(LAMBDA_NAMES)('%s: one minified ESM file with a source map, exporting handler, the AWS SDK left out', (name) => {
    const { dir } = built.get(name)!;
    for (const file of BUNDLE_FILES) expect(existsSync(join(dir, file))).toBe(true);
    const code = readFileSync(join(dir, BUNDLE_FILE), 'utf8');
    expect(code.startsWith("import { createRequire } from 'module';const require = createRequire(import.meta.url);")).toBe(true);
    expect(/export\s*\{[^}]*as handler/.test(code)).toBe(true);
    expect(/from\s*"@aws-sdk\/client-dynamodb"/.test(code)).toBe(true);
    expect(sources(name).some((f) => f.includes('node_modules/@aws-sdk/'))).toBe(false);
  });

  it.each(LAMBDA_NAMES)('%s: carries the price tables as data beside the bundle when it includes the price book, never in it', (name) => {
    const { dir } = built.get(name)!;
    expect(sources(name).filter((f) => f.endsWith('.json'))).toEqual([]);
    const dataDir = join(dir, PRICE_DATA_DIR);
    if (!sources(name).includes('lib/prices/bundled-tables.ts')) {
      expect(existsSync(dataDir)).toBe(false);
      return;
    }
    const files = Object.values(PRICE_TABLE_FILES);
    expect(readdirSync(dataDir).sort()).toEqual([...files].sort());
    for (const file of files) expect(readFileSync(join(dataDir, file), 'utf8')).toBe(readFileSync(join(PACKAGE_ROOT, 'lib', 'prices', 'data', file), 'utf8'));
  });

  it('keeps the digest’s messages out of every sweep bundle', () => {
    for (const name of LAMBDA_NAMES.filter((n) => n !== DIGEST_LAMBDA)) expect(sources(name).filter((f) => f.startsWith('lib/digest/'))).toEqual([]);
    expect(sources(DIGEST_LAMBDA)).toContain('lib/digest/messages/en.ts');
  });

  it('generates a sweep entry that names no other sweep, and refuses an unknown name', () => {
    const entry = lambdaEntrySource('orphan-volumes');
    expect(entry).toContain("'./lib/sweeps/orphan-volumes/index.js'");
    expect(entry).not.toMatch(/registry|idle-endpoints|rightsizing/);
    expect(() => lambdaEntrySource('orphan-volume')).toThrow(UnknownSweepError);
  });

  it('stages the bundle with its config.json, or the config alone when bundling is skipped', () => {
    const staged = stageLambdaAsset('budget-guard', { fallbackOwner: 'ops' });
    expect(readFileSync(join(staged, BUNDLED_CONFIG_FILE), 'utf8')).toBe('{"fallbackOwner":"ops"}');
    for (const file of BUNDLE_FILES) expect(existsSync(join(staged, file))).toBe(true);
    const priced = stageLambdaAsset('orphan-volumes', {});
    expect(readdirSync(join(priced, PRICE_DATA_DIR)).sort()).toEqual(Object.values(PRICE_TABLE_FILES).sort());
    const configOnly = stageLambdaAsset('budget-guard', {}, { bundle: false });
    expect(existsSync(join(configOnly, BUNDLE_FILE))).toBe(false);
    expect(existsSync(join(configOnly, BUNDLED_CONFIG_FILE))).toBe(true);
  });
});

describe('the pairs Lambda (issue 16)', () => {
  it('bundles the pairs handler, the AWS SDK left out, and is one of every Lambda to prebuild', () => {
    const dir = mkdtempSync(join(tmpdir(), `finops-asset-${PAIRS_LAMBDA}-`));
    try {
      const metafile = buildLambdaAsset(PAIRS_LAMBDA, dir);
      const code = readFileSync(join(dir, BUNDLE_FILE), 'utf8');
      expect(/export\s*\{[^}]*as handler/.test(code)).toBe(true);
      expect(/from\s*"@aws-sdk\/client-organizations"/.test(code)).toBe(true);
      expect(Object.keys(metafile.inputs)).toContain('lib/lambda/pairs-handler.ts');
      expect(Object.keys(metafile.inputs).some((f) => f.includes('node_modules/@aws-sdk/'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(ALL_LAMBDA_NAMES).toContain(PAIRS_LAMBDA);
    expect(LAMBDA_NAMES).not.toContain(PAIRS_LAMBDA);
  });
});
