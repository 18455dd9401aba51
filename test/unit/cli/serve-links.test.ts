import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveLinksCommand } from '../../../lib/cli/commands.js';
import { main } from '../../../lib/cli/main.js';

async function cli(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('finops-ai serve-links', () => {
  it('is in the help, with its port and host', async () => {
    const r = await cli('serve-links', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: finops-ai serve-links [options]');
    expect(r.stdout).toMatch(/--port <port>.*\(default: "8787"\)/);
  });

  it.each([
    [['serve-links', '--port', 'http'], 'finops-ai: --port must be a number from 0 to 65535; got "http"'],
    [['serve-links', '--port', '70000'], 'finops-ai: --port must be a number from 0 to 65535; got "70000"'],
    [['serve-links', '--port', '0', '--host', '0.0.0.0'], 'finops-ai: --host must be a loopback address (127.0.0.1, ::1, localhost); got 0.0.0.0'],
  ])('%j fails with exit 1', async (args, message) => {
    vi.stubEnv('FINOPS_LEDGER_TABLE', 'ledger');
    vi.stubEnv('FINOPS_LINKS_KEY_ID', 'alias/finops-ai-links');
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(message);
  });

  it('needs the ledger and the key', async () => {
    vi.stubEnv('FINOPS_LEDGER_TABLE', '');
    const r = await cli('serve-links', '--port', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FINOPS_LEDGER_TABLE is not set');
  });

  it('serves on loopback until stopped, printing the base URL the sweeps need', async () => {
    vi.stubEnv('FINOPS_LEDGER_TABLE', 'ledger');
    vi.stubEnv('FINOPS_LINKS_KEY_ID', 'alias/finops-ai-links');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const lines: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = serveLinksCommand({ port: '0', host: '127.0.0.1' }, { stdout: (t) => lines.push(t), stderr: () => {} }, stopped);
    await vi.waitFor(() => expect(lines[0]).toMatch(/^Owner-action links served at http:\/\/127\.0\.0\.1:\d+\/ /));
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(lines[0]!)![0];
    const response = await fetch(`${url}?choice=keep-7d&resource=x&token=not-a-token`);
    expect(response.status).toBe(403);
    await vi.waitFor(() => expect(lines).toContain('GET / 403 keep-7d tampered'));
    stop();
    expect(await running).toBe(0);
  });
});
