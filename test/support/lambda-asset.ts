/**
 * A Lambda as it is deployed, for integration tests: its bundle built by
 * `buildLambdaAsset` (the construct's build) with its `config.json` beside it, in
 * a fresh directory under the repository's `build/` (so the bundle resolves
 * `@aws-sdk/*` from node_modules as the Lambda runtime resolves its own copy).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_FILE, buildLambdaAsset, bundledConfigOf, PACKAGE_ROOT } from '../../infra/lambda-assets.js';
import { parseConfig } from '../../lib/config.js';
import { BUNDLED_CONFIG_FILE } from '../../lib/lambda/bundled-config.js';

/**
 * Builds Lambda `name` with `config` (a config as written: validated, then cut to what the Lambda gets,
 * as the construct does) and imports its bundle: the handler reads the config at
 * this import, as at a cold start. The directory is removed once imported (the
 * handler has read all it reads from it).
 */
export async function importLambdaAsset(name: string, config: unknown): Promise<{ handler: unknown }> {
  const root = join(PACKAGE_ROOT, 'build', 'test-lambda');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, `${name}-`));
  buildLambdaAsset(name, dir);
  writeFileSync(join(dir, BUNDLED_CONFIG_FILE), JSON.stringify(bundledConfigOf(name, parseConfig(config))));
  try {
    const module = (await import(pathToFileURL(join(dir, BUNDLE_FILE)).href)) as { handler: unknown };
    return { handler: module.handler };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
