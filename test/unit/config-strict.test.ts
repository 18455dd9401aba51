/** Strict config inputs (issue 19): what is refused, with the exact message. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../lib/config.js';
import { parseConfigFor } from '../../lib/config/parse-config.js';
import { ConfigError } from '../../lib/core/errors.js';
import { IdleEndpointSweep } from '../../lib/sweeps/idle-endpoints/index.js';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError');
};
const dir = mkdtempSync(join(tmpdir(), 'finops-strict-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('a config value must be an object', () => {
  it.each([
    [null, 'null'],
    [[], 'an array'],
    ['{}', 'a string'],
    [42, 'a number'],
    [true, 'a boolean'],
  ])('refuses %j', (value, got) => {
    expect(messageOf(() => parseConfig(value))).toBe(`Invalid config:\n  - (root): must be a JSON object, got ${got}`);
    expect(messageOf(() => parseConfigFor(value, [IdleEndpointSweep], 'asset'))).toBe(`Invalid asset:\n  - (root): must be a JSON object, got ${got}`);
  });

  it('still reads "no config" (undefined) as all defaults', () => {
    expect(parseConfig(undefined).protectedEnvironments).toEqual(['prod', 'production']);
  });
});

describe('config files', () => {
  it('refuses a file holding null, naming the file', () => {
    const path = file('null.json', 'null');
    expect(messageOf(() => loadConfigFile(path))).toBe(`Invalid config file ${path}:\n  - (root): must be a JSON object, got null`);
  });

  it('refuses /dev/zero at once, without reading it', () => {
    expect(messageOf(() => loadConfigFile('/dev/zero'))).toBe(
      'Invalid config file /dev/zero:\n  - (root): not a regular file (a character device); give a JSON file of at most 1 MiB',
    );
  });

  it('refuses a pipe (which could block forever) and a directory', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(messageOf(() => loadConfigFile(fifo))).toBe(
      `Invalid config file ${fifo}:\n  - (root): not a regular file (a pipe); give a JSON file of at most 1 MiB`,
    );
    expect(messageOf(() => loadConfigFile(dir))).toBe(
      `Invalid config file ${dir}:\n  - (root): not a regular file (a directory); give a JSON file of at most 1 MiB`,
    );
  });

  it('refuses a file over 1 MiB, and reads one of exactly 1 MiB', () => {
    const wrapped = (n: number) => `{"fallbackOwner":"${'x'.repeat(n)}"}`; // 20 bytes around n
    const big = file('big.json', wrapped(1024 * 1024 - 19));
    expect(statSync(big).size).toBe(1048577);
    expect(messageOf(() => loadConfigFile(big))).toBe(
      `Invalid config file ${big}:\n  - (root): 1048577 bytes; a config file may have at most 1048576 bytes (1 MiB)`,
    );
    const edge = file('edge.json', wrapped(1024 * 1024 - 20));
    expect(loadConfigFile(edge).fallbackOwner).toHaveLength(1024 * 1024 - 20);
  });

  it('refuses text that is not UTF-8, and reads a file with a byte-order mark', () => {
    const latin1 = file('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    expect(messageOf(() => loadConfigFile(latin1))).toBe(`Invalid config file ${latin1}:\n  - (root): not UTF-8 text`);
    const bom = file('bom.json', '\uFEFF{"fallbackOwner":"ops"}');
    expect(loadConfigFile(bom).fallbackOwner).toBe('ops');
  });
});

describe('regions', () => {
  it.each([
    ['us-est-1', '"us-est-1" is not an AWS region (did you mean us-east-1?)'],
    ['mars-1', '"mars-1" is not an AWS region'],
    ['', '"" is not an AWS region'],
    ['US-EAST-1', '"US-EAST-1" is not an AWS region (did you mean us-east-1?)'],
  ])('refuses %j naming the field', (region, message) => {
    expect(messageOf(() => parseConfig({ regions: ['eu-west-1', region] }))).toBe(`Invalid config:\n  - regions.1: ${message}`);
  });

  it('refuses a region listed twice, naming both places', () => {
    expect(messageOf(() => parseConfig({ regions: ['us-east-1', 'eu-west-1', 'us-east-1'] }))).toBe(
      'Invalid config:\n  - regions.2: "us-east-1" is already listed at regions.0',
    );
  });

  it('accepts regions of every partition', () => {
    expect(parseConfig({ regions: ['us-east-1', 'cn-north-1', 'us-gov-west-1', 'eusc-de-east-1'] }).regions).toHaveLength(4);
  });
});

describe('protection', () => {
  it('refuses an empty protectedEnvironments unless allowNoProtection confirms it', () => {
    expect(messageOf(() => parseConfig({ protectedEnvironments: [] }))).toBe(
      'Invalid config:\n  - protectedEnvironments: an empty list protects no environment; set "allowNoProtection": true to confirm that no resource is protected',
    );
    expect(parseConfig({ protectedEnvironments: [], allowNoProtection: true }).protectedEnvironments).toEqual([]);
  });

  it('defaults allowNoProtection to false and keeps protection by default', () => {
    expect(parseConfig({})).toMatchObject({ allowNoProtection: false, protectedEnvironments: ['prod', 'production'] });
    expect(messageOf(() => parseConfig({ allowNoProtection: 'yes' }))).toBe(
      'Invalid config:\n  - allowNoProtection: Invalid input: expected boolean, received string',
    );
  });
});
