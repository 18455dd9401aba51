/**
 * package.json against what `npm run build` produces and what dist/ imports, without
 * building: entry points map to the build's entry sources, the `files` whitelist holds
 * only what runs, and the runtime dependencies are exactly the packages the construct
 * and the CLI import (the peers aside). `scripts/check-package.sh` checks the real
 * tarball, installed and synthesized.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { RUNTIME_FILES } from '../../scripts/build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface PackageJson {
  readonly main: string;
  readonly types: string;
  readonly exports: Record<string, string | Record<string, string>>;
  readonly bin: Record<string, string>;
  readonly files: readonly string[];
  readonly engines: { readonly node: string };
  readonly scripts: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const pkg = readJson('package.json') as PackageJson;
const example = readJson('examples/cdk-app/package.json') as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** A tsconfig file (plain JSON here, no comments). */
const tsconfig = (path: string) => readJson(path) as { files?: string[]; compilerOptions: Record<string, unknown> };

const build = tsconfig('tsconfig.build.json');
const BUILD_ENTRIES = build.files ?? [];

/** The source a `./dist/<path>.js` or `.d.ts` is compiled from. */
const sourceOf = (target: string) => target.replace(/^\.\/dist\//, '').replace(/(\.d\.ts|\.js)$/, '.ts');

/** Every package the given sources import (bare specifiers, by package name), found by esbuild. */
function importedPackages(entryPoints: readonly string[]): string[] {
  const { metafile } = buildSync({
    entryPoints: entryPoints.map((entry) => join(ROOT, entry)),
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });
  const names = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const { path, external } of input.imports) {
      if (!external || path.startsWith('node:')) continue;
      names.add(
        path
          .split('/')
          .slice(0, path.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  return [...names].sort();
}

describe('package.json entry points', () => {
  it('main, types and every export are compiled from an entry source of tsconfig.build.json', () => {
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)))];
    for (const target of targets.filter((t) => t !== './package.json')) {
      expect(target).toMatch(/^\.\/dist\//);
      expect(BUILD_ENTRIES).toContain(sourceOf(target));
    }
    expect(pkg.exports['.']).toEqual({ types: './dist/infra/index.d.ts', default: './dist/infra/index.js' });
  });

  it('the bin is the shim, which runs the compiled CLI of an entry source when there are no sources', () => {
    expect(pkg.bin).toEqual({ 'finops-ai': 'bin/finops-ai.mjs' });
    const shim = readFileSync(join(ROOT, 'bin/finops-ai.mjs'), 'utf8');
    expect(shim.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const compiled = /import\('\.\.\/(dist\/[^']+\.js)'\)/.exec(shim)?.[1];
    expect(compiled).toBe('dist/lib/cli/main.js');
    expect(BUILD_ENTRIES).toContain(sourceOf(`./${compiled ?? ''}`));
  });

  it('the entry sources exist, and the build is type-checked with exactOptionalPropertyTypes', () => {
    expect(BUILD_ENTRIES).toEqual(['infra/index.ts', 'lib/cli/main.ts']);
    for (const entry of BUILD_ENTRIES) expect(existsSync(join(ROOT, entry))).toBe(true);
    expect(build.compilerOptions).toMatchObject({ outDir: 'dist', declaration: true, exactOptionalPropertyTypes: true });
  });

  it('prepack builds, so npm pack and npm publish ship a fresh dist/', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.build).toContain('scripts/build.ts');
  });
});

describe('package.json files', () => {
  it('whitelists dist/, the bin and the example config; never tests, benches, CI or sources', () => {
    expect(pkg.files).toEqual(['dist', 'bin/finops-ai.mjs', 'finops.example.json']);
    for (const file of pkg.files.filter((f) => f !== 'dist')) expect(existsSync(join(ROOT, file))).toBe(true);
  });

  it('the runtime files the build copies into dist/ exist', () => {
    for (const file of RUNTIME_FILES) expect(existsSync(join(ROOT, file)), file).toBe(true);
  });
});

describe('package.json dependencies', () => {
  it('are exactly the packages the construct and the CLI import, the CDK peers aside', () => {
    const imported = importedPackages(BUILD_ENTRIES);
    const peers = Object.keys(pkg.peerDependencies).sort();
    expect(peers).toEqual(['aws-cdk-lib', 'constructs']);
    expect(imported).toEqual(expect.arrayContaining(peers));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(imported.filter((name) => !peers.includes(name)));
  });

  it('the peers are also devDependencies, at versions their ranges accept', () => {
    for (const [name, range] of Object.entries(pkg.peerDependencies)) {
      const [, major = '', minor = '', patch = ''] = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range) ?? [];
      const version = pkg.devDependencies[name] ?? '';
      const [devMajor = 0, devMinor = 0, devPatch = 0] = version.split('.').map(Number);
      expect(devMajor, name).toBe(Number(major));
      expect(devMinor * 1e6 + devPatch >= Number(minor) * 1e6 + Number(patch), `${name} ${version} within ${range}`).toBe(true);
    }
  });

  it('engines: Node.js >= 20, the minimum the bin shim accepts (it prefers 24)', () => {
    expect(pkg.engines).toEqual({ node: '>=20' });
    const shim = readFileSync(join(ROOT, 'bin/finops-ai.mjs'), 'utf8');
    expect(shim).toContain('const MINIMUM_MAJOR = 20;');
    expect(shim).toContain('const RECOMMENDED_MAJOR = 24;');
  });
});

describe('examples/cdk-app', () => {
  it('depends on the tarball check-package.sh packs, and on the versions this project builds and tests with', () => {
    expect(example.dependencies['finops-ai']).toBe('file:finops-ai.tgz');
    for (const name of ['aws-cdk-lib', 'constructs', 'cdk-nag']) expect(example.dependencies[name], name).toBe(pkg.devDependencies[name]);
    for (const name of ['aws-cdk', 'typescript']) expect(example.devDependencies[name], name).toBe(pkg.devDependencies[name]);
  });

  it('compiles with exactOptionalPropertyTypes', () => {
    expect(tsconfig('examples/cdk-app/tsconfig.json').compilerOptions).toMatchObject({ strict: true, exactOptionalPropertyTypes: true });
  });
});
