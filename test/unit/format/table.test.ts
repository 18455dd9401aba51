import { describe, expect, it } from 'vitest';
import { displayWidth, table, tableLines, truncateToWidth } from '../../../lib/format/index.js';

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['チーム', 6],
    ['機械学習', 8],
    ['ｶﾀｶﾅ', 4], // halfwidth katakana
    ['ＡＢ', 4], // fullwidth Latin
    ['한국', 4],
    ['e\u0301', 1], // combining accent
    ['👍', 2],
    ['👩\u200d💻', 2],
    ['', 0],
  ])('%s takes %d columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('cuts by columns, never inside a character', () => {
    expect(truncateToWidth('機械学習チーム', 9)).toBe('機械学...');
    expect(truncateToWidth('endpoint-with-a-long-name', 12)).toBe('endpoint-...');
    expect(truncateToWidth('short', 12)).toBe('short');
  });
});

describe('table', () => {
  it('aligns columns by display width with Japanese cells', () => {
    const lines = tableLines(
      [
        ['チーム', '所有者', '削減額'],
        ['機械学習', 'ana@example.com', '$1,075.14'],
        ['nlp', 'raj', '$20.00'],
      ],
      { right: [2] },
    );
    expect(lines).toEqual(['チーム    所有者              削減額', '機械学習  ana@example.com  $1,075.14', 'nlp       raj                 $20.00']);
    // Every line ends in the same column.
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
  });

  it('leaves the last column unpadded and trims trailing spaces', () => {
    expect(
      table([
        ['A', 'B'],
        ['long value', ''],
      ]),
    ).toBe('A           B\nlong value');
  });

  it('makes every cell safe: no escape sequence or line break reaches the terminal', () => {
    const out = table([
      ['OWNER', 'TEAM'],
      ['\u001b]8;;http://evil\u0007ana\u001b]8;;\u0007', 'risk\nSubject: x'],
    ]);
    expect(out).toBe('OWNER  TEAM\nana    risk Subject: x');
  });

  it('cuts cells to a maximum width and draws a rule above a total', () => {
    expect(
      tableLines(
        [
          ['NAME', 'N'],
          ['a-very-long-name', '1'],
          ['TOTAL', '1'],
        ],
        { maxWidths: [8], right: [1], ruleBefore: 1 },
      ),
    ).toEqual(['NAME      N', 'a-ver...  1', '-----------', 'TOTAL     1']);
  });
});
