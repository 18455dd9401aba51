/**
 * Reads a config file safely: a regular file only (a device, a pipe or a directory
 * is refused at once, so `--config /dev/zero` cannot hang), at most
 * {@link MAX_CONFIG_BYTES}, read with a bounded read, UTF-8, JSON.
 */
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { ConfigError, errorMessage } from '../core/errors.js';

/** The largest config file read: 1 MiB (a real config is a few KiB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The JSON value in the file at `path`.
 *
 * @throws ConfigError naming the file: unreadable, not a regular file, larger than
 *   {@link MAX_CONFIG_BYTES}, not UTF-8, or not JSON
 */
export function readConfigFile(path: string): unknown {
  const origin = `config file ${path}`;
  const fail = (message: string): never => {
    throw new ConfigError([{ field: '', message }], origin);
  };
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return fail(`cannot read ${path}: ${errorMessage(error)}`);
  }
  if (!stats.isFile()) fail(`not a regular file (${kindOf(stats)}); give a JSON file of at most 1 MiB`);
  if (stats.size > MAX_CONFIG_BYTES) fail(`${String(stats.size)} bytes; a config file may have at most ${String(MAX_CONFIG_BYTES)} bytes (1 MiB)`);
  let bytes: Buffer;
  try {
    bytes = readAtMost(path, MAX_CONFIG_BYTES + 1);
  } catch (error) {
    return fail(`cannot read ${path}: ${errorMessage(error)}`);
  }
  // The file may have grown since it was measured.
  if (bytes.length > MAX_CONFIG_BYTES) fail(`more than ${String(MAX_CONFIG_BYTES)} bytes; a config file may have at most 1 MiB`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('not UTF-8 text');
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`not valid JSON: ${errorMessage(error)}`);
  }
}

/** Up to `limit` bytes of the file, in bounded reads. */
function readAtMost(path: string, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    while (length < limit) {
      const read = readSync(fd, buffer, length, limit - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
