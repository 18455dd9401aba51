import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../lib/cli/main.js';

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
    expect(r.stdout).toContain('sweep <name|all>');
  });

  it.each([
    [['sweep', 'idle-notebooks'], /Unknown sweep "idle-notebooks". Valid sweeps: idle-endpoints/],
    [['sweep'], /sweep needs a name/],
    [['sweep', 'idle-endpoints', '--now', 'yesterday'], /--now must be an ISO-8601 instant/],
    [['sweep', 'idle-endpoints', '--config', '/nonexistent.json'], /cannot read \/nonexistent.json/],
    [['sweep', 'idle-endpoints', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['restore'], /restore needs an action id/],
    [['digest', '--week', '2026-47'], /--week: Not an ISO week \(YYYY-Www\): 2026-47 \(e.g. 2026-W47\)/],
    [['digest', '--week', '2026-W54'], /--week: ISO week 2026-W54 does not exist/],
    [['digest', '--format', 'pdf'], /--format must be one of text, json, csv, html \(got "pdf"\)/],
    [['digest', '--json', '--format', 'csv'], /--json and --format csv disagree/],
    [['sweep', 'idle-endpoints', '--week', '2026-W47'], /--week is an option of the digest command only/],
  ])('%j exits 1 with a clear message', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
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

  it('init-local refuses a non-loopback endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'https://sagemaker.us-east-1.amazonaws.com');
    const r = await cli('init-local');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a loopback address/);
  });
});
