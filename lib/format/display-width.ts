/**
 * How many terminal columns text takes, for aligned plain-text tables: East Asian
 * wide and fullwidth characters (kanji, kana, hangul, fullwidth forms) and emoji
 * take 2, combining marks 0, the rest 1. Graphemes come from Intl.Segmenter, the
 * widths from the East Asian Width property (W and F ranges of Unicode 15.1's
 * EastAsianWidth.txt, ambiguous characters counted narrow, as terminals do in a
 * non-CJK locale). No dependency: the ranges below are the whole logic.
 */

/** Code point ranges of East Asian Width W or F (outside emoji, which are matched by property). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18cff], // Tangut
  [0x1b000, 0x1b2ff], // Kana supplement, extended, small kana, Nushu
  [0x1f200, 0x1f202], // enclosed ideographic supplement
  [0x1f210, 0x1f23b],
  [0x1f240, 0x1f248],
  [0x1f250, 0x1f251],
  [0x20000, 0x2fffd], // CJK extensions B-F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G-H
];

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPHIC_WITH_VS16 = /\p{Extended_Pictographic}\ufe0f/u;
const NARROW_ONLY = /^[\x20-\x7e]*$/;

function isWide(codePoint: number): boolean {
  let low = 0;
  let high = WIDE.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to] = WIDE[mid]!;
    if (codePoint < from) high = mid - 1;
    else if (codePoint > to) low = mid + 1;
    else return true;
  }
  return false;
}

function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  if (EMOJI_PRESENTATION.test(grapheme) || PICTOGRAPHIC_WITH_VS16.test(grapheme)) return 2;
  return isWide(grapheme.codePointAt(0)!) ? 2 : 1;
}

/**
 * Columns `text` takes in a monospace terminal or mail client.
 *
 * @example
 * displayWidth('abc') // => 3
 * displayWidth('チーム') // => 6
 */
export function displayWidth(text: string): number {
  if (NARROW_ONLY.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** Pads `text` with spaces on the right to `width` columns. */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Pads `text` with spaces on the left to `width` columns. */
export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * Cuts `text` to at most `max` columns, never inside a grapheme, marking the cut.
 *
 * @example
 * truncateToWidth('endpoint-with-a-long-name', 12) // => 'endpoint-...'
 * truncateToWidth('機械学習チーム', 9) // => '機械学...'
 */
export function truncateToWidth(text: string, max: number, ellipsis = '...'): string {
  if (displayWidth(text) <= max) return text;
  const room = max - displayWidth(ellipsis);
  let out = '';
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = graphemeWidth(segment);
    if (width + w > room) break;
    out += segment;
    width += w;
  }
  return out + ellipsis;
}
