import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackEndpoint, nonLocalEndpoints } from '../../../lib/local/endpoint-guard.js';

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'finops-guard-'));
  writeFileSync(join(dir, 'config'), text);
  return join(dir, 'config');
}

const local = { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };

describe('endpoint guard', () => {
  it.each([
    ['http://127.0.0.1:5000', true],
    ['http://127.8.9.10', true],
    ['http://localhost:4566', true],
    ['http://[::1]:5000', true],
    ['http://192.0.2.2:5000', false],
    ['http://127.0.0.1.nip.io', false],
    ['ftp://127.0.0.1', false],
    ['not a url', false],
  ])('%s is loopback: %s', (url, expected) => {
    expect(isLoopbackEndpoint(url)).toBe(expected);
  });

  it('passes when every override is loopback', async () => {
    expect(await nonLocalEndpoints({ ...local, AWS_ENDPOINT_URL_SAGEMAKER: 'http://localhost:5001' })).toEqual([]);
  });

  it('names a missing AWS_ENDPOINT_URL (services without their own override go to AWS)', async () => {
    expect(await nonLocalEndpoints({ AWS_CONFIG_FILE: '/nonexistent/config', AWS_ENDPOINT_URL_SAGEMAKER: 'http://127.0.0.1:5000' })).toEqual([
      { source: 'AWS_ENDPOINT_URL', url: '(not set: AWS)' },
    ]);
  });

  it('names every service variable off this machine', async () => {
    const bad = await nonLocalEndpoints({
      ...local,
      AWS_ENDPOINT_URL_SAGEMAKER: 'http://192.0.2.2:1',
      AWS_ENDPOINT_URL_EC2: 'https://ec2.us-east-1.amazonaws.com',
    });
    expect(bad.map((b) => b.source)).toEqual(['AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_SAGEMAKER']);
  });

  it('reads endpoint_url of the active profile and its services section in the shared config file', async () => {
    const file = configFile(
      [
        '[profile dev]',
        'endpoint_url = http://192.0.2.9:4566',
        'services = dev-services',
        '',
        '[services dev-services]',
        'sagemaker =',
        '  endpoint_url = http://192.0.2.3:5000',
        '',
      ].join('\n'),
    );
    const bad = await nonLocalEndpoints({ ...local, AWS_CONFIG_FILE: file, AWS_PROFILE: 'dev' });
    expect(bad).toEqual([
      { source: 'config file profile "dev" endpoint_url', url: 'http://192.0.2.9:4566' },
      { source: 'config file services "dev-services" sagemaker.endpoint_url', url: 'http://192.0.2.3:5000' },
    ]);
  });

  it('ignores config-file endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, as the SDK does', async () => {
    const file = configFile('[default]\nendpoint_url = http://192.0.2.9:4566\n');
    expect(await nonLocalEndpoints({ ...local, AWS_CONFIG_FILE: file, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toEqual([]);
  });
});
