import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatUsd, formatUsdPerHour, formatUsdPerMonth, formatUsdRate } from '../../../lib/format/index.js';

describe('formatUsd: dollars and cents with the locale separators', () => {
  it.each([
    [1123.63, 'en', '$1,123.63'],
    [2400, 'en', '$2,400.00'],
    [1075.14, 'ja', '$1,075.14'],
    [0, 'en', '$0.00'],
    [-1075.14, 'en', '-$1,075.14'],
    [-2400, 'ja', '-$2,400.00'],
    [1234567890.126, 'en', '$1,234,567,890.13'],
    [24125.04, 'ja', '$24,125.04'],
    // No "-$0.00" for an amount that rounds to zero.
    [-0.001, 'en', '$0.00'],
  ] as const)('%d in %s is %s', (value, locale, expected) => {
    expect(formatUsd(value, locale)).toBe(expected);
  });

  it('writes unknown for null, in the locale', () => {
    expect(formatUsd(null)).toBe('unknown');
    expect(formatUsd(null, 'ja')).toBe('不明');
    expect(formatUsd(Number.NaN)).toBe('unknown');
  });

  it('signs a change when asked', () => {
    expect(formatUsd(686, 'en', { signed: true })).toBe('+$686.00');
    expect(formatUsd(-686, 'en', { signed: true })).toBe('-$686.00');
    expect(formatUsd(0, 'en', { signed: true })).toBe('+$0.00');
  });
});

describe('hourly rates: list-price precision, 4 significant digits under a cent', () => {
  it.each([
    [0.00018904109589041096, '$0.0001890/h'],
    [0.0000125, '$0.00001250/h'],
    [0.7364, '$0.7364/h'],
    [33.048, '$33.048/h'],
    [1.5, '$1.50/h'],
    [0.01, '$0.01/h'],
    [0, '$0.00/h'],
    [-0.0045, '-$0.004500/h'],
    [1234.56789, '$1,234.5679/h'],
  ])('%d is %s', (value, expected) => {
    expect(formatUsdPerHour(value)).toBe(expected);
  });

  it('has the locale unit and unknown', () => {
    expect(formatUsdPerHour(0.00018904109589041096, 'ja')).toBe('$0.0001890/時間');
    expect(formatUsdPerHour(null, 'ja')).toBe('不明');
    expect(formatUsdRate(0.0205)).toBe('$0.0205');
  });
});

describe('monthly amounts, percentages and numbers', () => {
  it('writes the month unit of the locale', () => {
    expect(formatUsdPerMonth(537.572)).toBe('$537.57/month');
    expect(formatUsdPerMonth(1475, 'ja')).toBe('$1,475.00/月');
    expect(formatUsdPerMonth(null)).toBe('unknown');
  });

  it('writes ratios as percentages with one decimal', () => {
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(2.722, 'en', { signed: true })).toBe('+272.2%');
    expect(formatPercent(-0.05, 'ja', { signed: true })).toBe('-5.0%');
  });

  it('writes numbers with separators and fixed decimals', () => {
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatNumber(48, 'ja', 2)).toBe('48.00');
    expect(formatNumber(null)).toBe('unknown');
  });
});
