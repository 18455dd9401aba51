/**
 * Hostile tag text (issue 19): each input below came from an adversarial run and
 * was printed raw by a notice or the CLI table before.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SAFE_TEXT, safeText } from '../../../lib/format/index.js';

/** Nothing that starts a line, drives a terminal or reorders text survives. */
function expectInert(text: string): void {
  expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
}

describe('safeText', () => {
  it('folds injected lines into one: no forged header or paragraph', () => {
    const out = safeText('a\nSubject: x\n\nclick http://evil');
    expect(out).toBe('a Subject: x click http://evil');
    expectInert(out);
  });

  it('folds every kind of line break: CR, CRLF, NEL, U+2028, U+2029, VT, FF', () => {
    expect(safeText('a\rb\r\nc\u0085d\u2028e\u2029f\vg\fh')).toBe('a b c d e f g h');
  });

  it('removes ANSI colour sequences', () => {
    expect(safeText('\u001b[31mred\u001b[0m')).toBe('red');
    expect(safeText('\u001b[1;38;5;196mbold\u001b[m')).toBe('bold');
    expect(safeText('\u009b31mred')).toBe('red'); // 8-bit CSI
  });

  it('removes OSC 8 hyperlinks, keeping the visible text only', () => {
    expect(safeText('\u001b]8;;http://evil\u0007link\u001b]8;;\u0007')).toBe('link');
    expect(safeText('\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(safeText('\u001b]0;new window title\u0007x')).toBe('x');
    // An unterminated string sequence swallows the rest, as a terminal would.
    expect(safeText('ok\u001b]8;;http://evil')).toBe('ok');
  });

  it('removes a NUL and other control characters', () => {
    expect(safeText('\u0000')).toBe('');
    expect(safeText('a\u0000b\u0007c\u007fd\u0008e')).toBe('abcde');
    expect(safeText('tab\tseparated')).toBe('tab separated');
  });

  it('removes bidi overrides, isolates and marks (text shown in another order than stored)', () => {
    expect(safeText('\u202Eevil')).toBe('evil');
    expect(safeText('a\u2066b\u2069c\u200fd\u061ce\ufeff')).toBe('abcde');
    // Joiners that scripts and emoji need stay.
    expect(safeText('👩\u200d💻')).toBe('👩\u200d💻');
  });

  it('bounds a 10,000-character string, marking the cut', () => {
    const out = safeText('x'.repeat(10_000));
    expect(Array.from(out)).toHaveLength(MAX_SAFE_TEXT);
    expect(out.endsWith('…')).toBe(true);
    expect(safeText('y'.repeat(10_000), { maxLength: 20, ascii: true })).toBe(`${'y'.repeat(17)}...`);
  });

  it('never cuts a character in half', () => {
    const out = safeText('😀'.repeat(300), { maxLength: 10 });
    expect(Array.from(out)).toHaveLength(10);
    expect(out.isWellFormed()).toBe(true);
    expect(safeText('a\ud800b')).toBe('a\ufffdb'); // a lone surrogate
  });

  it('keeps Japanese and other text as it is', () => {
    expect(safeText('  機械学習チーム  ')).toBe('機械学習チーム');
    expect(safeText('ana@example.com')).toBe('ana@example.com');
  });

  it('makes SNS subjects single-line printable ASCII', () => {
    const out = safeText('[FinOps AI] 東京\n\u001b[31mURGENT\u001b[0m\u202E', { ascii: true, maxLength: 100 });
    expect(out).toBe('[FinOps AI] ?? URGENT');
    expect(out).toMatch(/^[\x20-\x7e]*$/);
  });

  it('keeps line breaks as \\n in CSV mode, still removing the rest', () => {
    expect(safeText('idle,\r\n"really"\u2028for days\u001b[0m', { lineBreaks: 'keep' })).toBe('idle,\n"really"\nfor days');
  });
});
