/**
 * The bundled CDK app (`infra/app.ts`, what `npx cdk deploy` runs): which config it
 * deploys, and what it says. The entry itself runs as `cdk` runs it, in a child
 * process, with Lambda bundling skipped (it changes nothing here but asset hashes).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/core/errors.js';
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';
import { NO_CONFIG_NOTICE, readAppConfig } from '../../infra/app-config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'finops-app-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Runs infra/app.ts like `cdk synth` does; returns its exit code, stderr and the template. */
function synthApp(context: Record<string, string>, outdir: string) {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'infra/app.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      FINOPS_CONFIG_FILE: '',
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ ...context, 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const template =
    run.status === 0
      ? (JSON.parse(readFileSync(join(outdir, 'FinOpsAi.template.json'), 'utf8')) as {
          Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
        })
      : undefined;
  return { status: run.status, stderr: run.stderr, template };
}

describe('the config the bundled app deploys', () => {
  it('with no config file: every default, report-only, saying so and how to create a config', () => {
    const said: string[] = [];
    const config = readAppConfig(undefined, (line) => said.push(line));
    expect(said).toEqual([NO_CONFIG_NOTICE]);
    expect(NO_CONFIG_NOTICE).toContain('report-only');
    expect(NO_CONFIG_NOTICE).toContain('cp finops.example.json finops.json');
    expect(NO_CONFIG_NOTICE).toContain('npx cdk deploy -c config=finops.json');
    for (const name of SWEEP_NAMES) expect(config.sweeps[name as keyof typeof config.sweeps].mode).toBe('report');
  });

  it('the example config is report-only everywhere too', () => {
    const said: string[] = [];
    const config = readAppConfig(join(ROOT, 'finops.example.json'), (line) => said.push(line));
    expect(said).toEqual([]);
    for (const name of SWEEP_NAMES) expect(config.sweeps[name as keyof typeof config.sweeps].mode).toBe('report');
  });

  it('an invalid config file fails naming the field', () => {
    const file = join(work, 'bad.json');
    writeFileSync(file, JSON.stringify({ sweeps: { 'idle-endpoints': { gracePeriodHours: -1 } } }));
    expect(() => readAppConfig(file)).toThrow(ConfigError);
    expect(() => readAppConfig(file)).toThrow(/^Invalid config file .*bad\.json:\n {2}- sweeps\.idle-endpoints\.gracePeriodHours: /);
  });

  it('a config file that does not exist fails with how to create it', () => {
    const read = () => readAppConfig(join(work, 'nope.json'));
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`${join(work, 'nope.json')} does not exist; to create it: cp finops.example.json ${join(work, 'nope.json')}`);
  });
});

describe('infra/app.ts', () => {
  it('synthesizes every default, report-only, with no config file, and says so on stderr', () => {
    const { status, stderr, template } = synthApp({}, join(work, 'default'));
    expect(status).toBe(0);
    expect(stderr).toContain(NO_CONFIG_NOTICE);
    const actions = Object.values(template?.Resources ?? {})
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat()));
    expect(actions).toContain('sagemaker:ListEndpoints');
    for (const destructive of ['sagemaker:DeleteEndpoint', 'ec2:DeleteVolume', 'sagemaker:StopTrainingJob']) expect(actions).not.toContain(destructive);
  });
});
