/**
 * The one function that makes text from tags and AWS (owner, team, resource names,
 * reasons) safe to print in plain text: notices, CLI tables, logs, CSV cells and
 * subjects. A tag is written by whoever can tag a resource, so it must not add
 * lines to a message ("...\nSubject: ...\n\nclick http://..."), drive a terminal
 * (ANSI colours, OSC 8 hyperlinks, title changes), reorder what a reader sees
 * (bidi overrides) or flood a report.
 */

/** Longest text by default: the length of an AWS tag value. */
export const MAX_SAFE_TEXT = 256;

/** Options of {@link safeText}. */
export interface SafeTextOptions {
  /** Longest result in characters (code points); a longer text is cut and ends with the ellipsis. @default 256 */
  readonly maxLength?: number;
  /**
   * `fold`: every run of line breaks (`\n`, `\r`, VT, FF, NEL, U+2028, U+2029) becomes one space.
   * `keep`: each becomes `\n` (a quoted CSV cell, where a line break is data). @default 'fold'
   */
  readonly lineBreaks?: 'fold' | 'keep';
  /** Replace every character outside printable ASCII with `?` (SNS subjects). @default false */
  readonly ascii?: boolean;
  /** Marks a cut. @default '…' ('...' with `ascii`) */
  readonly ellipsis?: string;
}

// Terminal escape sequences (ECMA-48), 7-bit and 8-bit forms.
/** OSC, DCS, SOS, PM, APC strings up to their terminator (BEL or ST); unterminated, to the end. */
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
/** CSI sequences, e.g. `ESC [ 31 m`. */
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g;
/** Any other escape sequence: ESC, intermediates, a final byte. */
const ESC_SEQUENCE = /\x1b[ -/]*[0-~]/g;
const LINE_BREAKS = /(?:\r\n|[\n\r\v\f\u0085\u2028\u2029])+/g;
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
/** C0 and C1 controls and DEL, except `\n` (only present with `lineBreaks: 'keep'`). */
const CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;
/**
 * Invisible characters that change what a reader sees: bidi embeddings, overrides and
 * isolates (U+202A-202E, U+2066-2069), marks (U+200E, U+200F, U+061C), zero-width
 * space, word joiner and invisible operators, BOM, interlinear annotations.
 * ZWJ and ZWNJ stay: scripts and emoji need them.
 */
const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/**
 * Normalizes untrusted text for plain-text output: escape sequences and control
 * characters removed, line breaks folded to a space, invisible bidi controls removed,
 * lone surrogates replaced, surrounding white space trimmed, length bounded.
 *
 * @example
 * safeText('a\nSubject: x\n\nclick http://evil') // => 'a Subject: x click http://evil'
 * safeText('\u001b[31mred\u001b[0m') // => 'red'
 * safeText('x'.repeat(10_000)).length // => 256, ending in '…'
 * safeText('Idle: 東京 team', { ascii: true }) // => 'Idle: ?? team'
 */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  const maxLength = options.maxLength ?? MAX_SAFE_TEXT;
  let out = text.toWellFormed().replace(STRING_SEQUENCE, '').replace(CSI_SEQUENCE, '').replace(ESC_SEQUENCE, '');
  out = options.lineBreaks === 'keep' ? out.replace(LINE_BREAK, '\n') : out.replace(LINE_BREAKS, ' ');
  out = out.replace(/\t/g, ' ').replace(CONTROLS, '').replace(INVISIBLE, '').trim();
  if (options.ascii) out = out.replace(/[^\x20-\x7e\n]/gu, '?');
  return cut(out, maxLength, options.ellipsis ?? (options.ascii ? '...' : '…'));
}

/** Cuts `text` to `max` code points, the last ones replaced by `ellipsis`. */
function cut(text: string, max: number, ellipsis: string): string {
  if (text.length <= max) return text; // code units >= code points: nothing to cut
  const points = Array.from(text);
  if (points.length <= max) return text;
  const room = Math.max(0, max - Array.from(ellipsis).length);
  return points.slice(0, room).join('').trimEnd() + ellipsis.slice(0, max);
}
