/** Reads what a synthesized Lambda deploys: its staged asset directory and the config bundled in it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage, type Stack } from 'aws-cdk-lib';
import { BUNDLED_CONFIG_FILE } from '../../lib/lambda/bundled-config.js';

/** An `AWS::Lambda::Function` resource of a template (as `Template.findResources` returns it). */
type FunctionResource = Readonly<Record<string, unknown>>;

/** The directory the function's code was staged to (in the app's output directory). */
export function assetDirOf(stack: Stack, fn: FunctionResource): string {
  const { Properties } = fn as { Properties: { Code: { S3Key: string } } };
  const hash = Properties.Code.S3Key.replace(/\.zip$/, '');
  return join(Stage.of(stack)!.assetOutdir, `asset.${hash}`);
}

/** The `config.json` the function reads at cold start, parsed. */
export function bundledConfigIn(stack: Stack, fn: FunctionResource): Record<string, unknown> {
  return JSON.parse(readFileSync(join(assetDirOf(stack, fn), BUNDLED_CONFIG_FILE), 'utf8')) as Record<string, unknown>;
}
