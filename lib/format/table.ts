/**
 * Aligned plain-text tables for the CLI, the demo and the text digest: columns
 * padded by display width (a Japanese team name takes two columns a character),
 * two spaces apart, every cell made safe ({@link safeText}).
 */
import { displayWidth, padEndToWidth, padStartToWidth, truncateToWidth } from './display-width.js';
import { safeText } from './safe-text.js';

/** Options of {@link table}. */
export interface TableOptions {
  /** Indexes of right-aligned columns (numbers and money). @default [] */
  readonly right?: readonly number[];
  /** Widest cell per column, in display columns; a longer cell is cut and ends with "...". */
  readonly maxWidths?: readonly (number | undefined)[];
  /** Draws a rule of `-` above this row (0 = the first row after the header), e.g. a total. */
  readonly ruleBefore?: number;
  /** Longest rule, in columns. @default 100 */
  readonly ruleMaxWidth?: number;
}

/**
 * Lays rows out in aligned columns; the first row is the header. The last column is
 * not padded and no line has trailing spaces.
 *
 * @example
 * table([['TEAM', 'COST'], ['機械学習', '$1.00'], ['nlp', '$20.00']], { right: [1] })
 * // => 'TEAM        COST\n機械学習   $1.00\nnlp       $20.00'
 */
export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  return tableLines(rows, options).join('\n');
}

/** {@link table} as one string per line. */
export function tableLines(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  if (rows.length === 0) return [];
  const right = new Set(options.right ?? []);
  const columns = Math.max(...rows.map((r) => r.length));
  const cells = rows.map((row) =>
    Array.from({ length: columns }, (_, i) => {
      const cell = safeText(row[i] ?? '', { maxLength: 1000 });
      const max = options.maxWidths?.[i];
      return max === undefined ? cell : truncateToWidth(cell, max);
    }),
  );
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...cells.map((r) => displayWidth(r[i]!))));
  const lines = cells.map((row) =>
    row
      .map((cell, i) => (right.has(i) ? padStartToWidth(cell, widths[i]!) : i === columns - 1 ? cell : padEndToWidth(cell, widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  if (options.ruleBefore !== undefined) {
    const longest = Math.max(...lines.map(displayWidth));
    lines.splice(options.ruleBefore + 1, 0, '-'.repeat(Math.min(options.ruleMaxWidth ?? 100, longest)));
  }
  return lines;
}
