/**
 * The owner-action endpoint's bundle holds its handler and no sweep (their titles
 * come in its config), and a sweep's bundle holds the link minter but none of the
 * endpoint (pages, messages, tagger).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_LAMBDA_NAMES, buildLambdaAsset, LAMBDA_NAMES, lambdaEntrySource, LINKS_LAMBDA, PAIRS_LAMBDA } from '../../infra/lambda-assets.js';

const built = new Map<string, { dir: string; metafile: Metafile }>();
beforeAll(() => {
  for (const name of [LINKS_LAMBDA, 'idle-endpoints']) {
    const dir = mkdtempSync(join(tmpdir(), `finops-asset-${name}-`));
    built.set(name, { dir, metafile: buildLambdaAsset(name, dir) });
  }
});
afterAll(() => {
  for (const { dir } of built.values()) rmSync(dir, { recursive: true, force: true });
});
const sources = (name: string) => Object.keys(built.get(name)!.metafile.inputs);

describe('owner-links Lambda bundle', () => {
  it('is built with the others, from its own entry', () => {
    expect(ALL_LAMBDA_NAMES).toEqual([...LAMBDA_NAMES, LINKS_LAMBDA, PAIRS_LAMBDA]);
    expect(lambdaEntrySource(LINKS_LAMBDA)).toContain("'./lib/lambda/links-handler.js'");
  });

  it('holds the handler, pages and both languages, and no sweep, registry or digest', () => {
    const files = sources(LINKS_LAMBDA);
    for (const file of ['lib/lambda/links-handler.ts', 'lib/links/handle-request.ts', 'lib/links/page.ts', 'lib/links/messages/ja.ts'])
      expect(files).toContain(file);
    expect(files.filter((f) => f.startsWith('lib/sweeps/') || f.startsWith('lib/digest/') || f.startsWith('lib/engine/'))).toEqual([]);
  });

  it('a sweep bundle signs links but holds nothing of the endpoint', () => {
    const files = sources('idle-endpoints');
    expect(files).toContain('lib/links/minter.ts');
    expect(files.filter((f) => /^lib\/links\/(page|handle-request|tagger|apply-decision|verify-link|messages\/)/.test(f))).toEqual([]);
  });
});
