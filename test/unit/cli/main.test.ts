import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../lib/cli/main.js';
import { SWEEP_NAMES } from '../../../lib/sweeps/registry.js';

async function cli(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('finops-ai CLI (no AWS needed)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prints help with exit 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sweep [options] <name>');
    expect(r.stdout).toMatch(/,\s+or\s+all/);
  });

  it('prints per-command help with exit 0', async () => {
    const r = await cli('sweep', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: finops-ai sweep [options] <name>');
    expect(r.stdout).toContain('--apply');
    expect(r.stdout).not.toContain('--week');
  });

  it('with no command prints the help to stderr and exits 1', async () => {
    const r = await cli();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Usage: finops-ai [options] [command]');
  });

  it.each([
    [['sweep', 'no-such-sweep'], `finops-ai: Unknown sweep "no-such-sweep". Valid sweeps: ${SWEEP_NAMES.join(', ')}.`],
    [['sweep'], "finops-ai: missing required argument 'name'\n(add --help for usage)"],
    [
      ['sweep', 'idle-endpoints', '--now', 'yesterday'],
      'finops-ai: --now must be an ISO-8601 instant with a time zone (e.g. 2026-11-27T09:00:00Z or 2026-11-27T18:00:00+09:00); got "yesterday"',
    ],
    [
      ['sweep', 'idle-endpoints', '--now', '2026-02-30T00:00:00Z'],
      'finops-ai: --now: "2026-02-30T00:00:00Z" is not a real date and time (e.g. 2026-11-27T09:00:00Z or 2026-11-27T18:00:00+09:00)',
    ],
    [
      ['sweep', 'idle-endpoints', '--now', '2026-11-27T09:00:00'],
      'finops-ai: --now must be an ISO-8601 instant with a time zone (e.g. 2026-11-27T09:00:00Z or 2026-11-27T18:00:00+09:00); got "2026-11-27T09:00:00"',
    ],
    [
      ['sweep', 'idle-endpoints', '--now', '2026-11-27'],
      'finops-ai: --now must be an ISO-8601 instant with a time zone (e.g. 2026-11-27T09:00:00Z or 2026-11-27T18:00:00+09:00); got "2026-11-27"',
    ],
    [['sweep', 'idle-endpoints', '--region', 'us-east1'], 'finops-ai: --region: "us-east1" is not an AWS region (did you mean us-east-1?)'],
    [['sweep', 'idle-endpoints', '--region', 'mars-1'], 'finops-ai: --region: "mars-1" is not an AWS region'],
    [['sweep', 'idle-endpoints', '--region', ''], 'finops-ai: --region needs region codes such as us-east-1; got ""'],
    [['sweep', 'idle-endpoints', '--region', ','], 'finops-ai: --region needs region codes such as us-east-1; got ","'],
    [['sweep', 'idle-endpoints', '--config', '/nonexistent.json'], 'cannot read /nonexistent.json'],
    [['sweep', 'idle-endpoints', '--bogus'], "finops-ai: unknown option '--bogus'\n(add --help for usage)"],
    [['sweep', 'idle-endpoints', '--aply'], "finops-ai: unknown option '--aply'\n(Did you mean --apply?)\n(add --help for usage)"],
    [['frobnicate'], "finops-ai: unknown command 'frobnicate'\n(add --help for usage)"],
    [['swep', 'all'], "finops-ai: unknown command 'swep'\n(Did you mean sweep?)\n(add --help for usage)"],
    [['restore'], "finops-ai: missing required argument 'actionId'\n(add --help for usage)"],
    [['restore', 'act-1', 'act-2'], "finops-ai: too many arguments for 'restore'. Expected 1 argument but got 2.\n(add --help for usage)"],
    [['sweep', 'idle-endpoints', 'orphan-volumes'], "finops-ai: too many arguments for 'sweep'. Expected 1 argument but got 2.\n(add --help for usage)"],
    [['digest', '--week', '2026-47'], 'finops-ai: --week: Not an ISO week (YYYY-Www): 2026-47 (e.g. 2026-W47)'],
    [['digest', '--week', '2026-W54'], 'finops-ai: --week: ISO week 2026-W54 does not exist'],
    [
      ['digest', '--format', 'pdf'],
      "finops-ai: option '--format <format>' argument 'pdf' is invalid. Allowed choices are text, json, csv, html.\n(add --help for usage)",
    ],
    [['digest', '--json', '--format', 'csv'], 'finops-ai: --json and --format csv disagree'],
    [['sweep', 'idle-endpoints', '--week', '2026-W47'], "finops-ai: unknown option '--week'\n(add --help for usage)"],
  ])('%j exits 1 with its message', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it('apply mode without the ledger variable exits 1 naming it', async () => {
    vi.stubEnv('FINOPS_LEDGER_TABLE', undefined);
    const r = await cli('sweep', 'idle-endpoints', '--apply', '--region', 'us-east-1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FINOPS_LEDGER_TABLE/);
  });

  it('digest without the ledger variable exits 1 naming it', async () => {
    vi.stubEnv('FINOPS_LEDGER_TABLE', undefined);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const r = await cli('digest', '--week', '2026-W47');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FINOPS_LEDGER_TABLE is not set; it is required to build the digest/);
  });

  it('refuses --apply with --now against real AWS (it could skip the grace period)', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', undefined);
    const r = await cli('sweep', 'idle-endpoints', '--apply', '--now', '2026-12-01T00:00:00Z');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--now with --apply is only allowed against a local emulator/);
  });

  it.each([
    'SAGEMAKER',
    'CLOUDWATCH',
    'DYNAMODB',
    'SNS',
    'EC2',
    'S3',
    'STS',
    'BUDGETS',
    'PRICING',
    'COST_EXPLORER',
    'RESOURCE_GROUPS_TAGGING_API',
    'BEDROCK',
    'CLOUDTRAIL',
  ])('refuses --apply --now when AWS_ENDPOINT_URL_%s points off this machine, naming it', async (service) => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:5000');
    vi.stubEnv(`AWS_ENDPOINT_URL_${service}`, 'http://192.0.2.2:4566');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    const r = await cli('sweep', 'idle-endpoints', '--apply', '--now', '2026-12-01T00:00:00Z');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`AWS_ENDPOINT_URL_${service}=http://192.0.2.2:4566`);
  });

  it('init-local refuses a non-loopback endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'https://sagemaker.us-east-1.amazonaws.com');
    const r = await cli('init-local');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a loopback address/);
  });
});
