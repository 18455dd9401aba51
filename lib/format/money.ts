/**
 * The one money formatter: USD through Intl.NumberFormat, with the locale's
 * separators (`$1,234.56` in both `en` and `ja`). Amounts in cents; hourly rates to
 * list-price precision (up to 4 decimals) and, under a cent, 4 significant digits,
 * so a per-GB storage rate reads `$0.0001890/h`, never `$0.00` or 20 digits.
 * `null` (no sourced price) is written as the locale's "unknown", never as a guess.
 */
import { intlLocale, type Locale } from './locale.js';
import { t } from './messages/index.js';

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${key}`;
  let format = cache.get(id);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), options);
    cache.set(id, format);
  }
  return format;
}

const CURRENCY: Intl.NumberFormatOptions = { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol' };

/** Options of {@link formatUsd}. */
export interface UsdOptions {
  /** Show `+` on positive amounts (and zero), e.g. a week-over-week change. @default false */
  readonly signed?: boolean;
}

/**
 * An amount in dollars and cents, or the locale's "unknown" for `null`.
 *
 * @example
 * formatUsd(1123.634) // => '$1,123.63'
 * formatUsd(-2400, 'ja') // => '-$2,400.00'
 * formatUsd(null, 'ja') // => '不明'
 */
export function formatUsd(value: number | null, locale: Locale = 'en', options: UsdOptions = {}): string {
  if (value === null || !Number.isFinite(value)) return t(locale, 'value.unknown');
  const sign = options.signed ? 'always' : 'negative';
  return numberFormat(locale, `usd|${sign}`, { ...CURRENCY, signDisplay: sign, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/**
 * A rate in dollars without its unit (for a column headed "$/hour"): cents up to the
 * 4 decimals price lists quote, and 4 significant digits under a cent.
 *
 * @example
 * formatUsdRate(0.7364) // => '$0.7364'
 * formatUsdRate(33.048) // => '$33.048'
 * formatUsdRate(0.00018904109589041096) // => '$0.0001890'
 */
export function formatUsdRate(value: number | null, locale: Locale = 'en'): string {
  if (value === null || !Number.isFinite(value)) return t(locale, 'value.unknown');
  if (value !== 0 && Math.abs(value) < 0.01) {
    return numberFormat(locale, 'rate|sub-cent', { ...CURRENCY, signDisplay: 'negative', minimumSignificantDigits: 4, maximumSignificantDigits: 4 }).format(
      value,
    );
  }
  return numberFormat(locale, 'rate', { ...CURRENCY, signDisplay: 'negative', minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(value);
}

/**
 * An hourly rate with its unit.
 *
 * @example
 * formatUsdPerHour(0.00018904109589041096) // => '$0.0001890/h'
 * formatUsdPerHour(33.048, 'ja') // => '$33.048/時間'
 */
export function formatUsdPerHour(value: number | null, locale: Locale = 'en'): string {
  if (value === null || !Number.isFinite(value)) return t(locale, 'value.unknown');
  return t(locale, 'unit.perHour', { amount: formatUsdRate(value, locale) });
}

/**
 * A monthly amount (730 hours) with its unit.
 *
 * @example
 * formatUsdPerMonth(537.572) // => '$537.57/month'
 * formatUsdPerMonth(537.572, 'ja') // => '$537.57/月'
 */
export function formatUsdPerMonth(value: number | null, locale: Locale = 'en'): string {
  if (value === null || !Number.isFinite(value)) return t(locale, 'value.unknown');
  return t(locale, 'unit.perMonth', { amount: formatUsd(value, locale) });
}

/**
 * A ratio as a percentage with one decimal.
 *
 * @example
 * formatPercent(0.3333) // => '33.3%'
 * formatPercent(2.722, 'en', { signed: true }) // => '+272.2%'
 */
export function formatPercent(ratio: number, locale: Locale = 'en', options: UsdOptions = {}): string {
  const sign = options.signed ? 'always' : 'negative';
  return numberFormat(locale, `pct|${sign}`, { style: 'percent', signDisplay: sign, minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

/**
 * A plain number with a fixed count of decimals and the locale's separators (hours, sizes).
 *
 * @example
 * formatNumber(1234.5, 'en', 1) // => '1,234.5'
 */
export function formatNumber(value: number | null, locale: Locale = 'en', decimals = 0): string {
  if (value === null || !Number.isFinite(value)) return t(locale, 'value.unknown');
  return numberFormat(locale, `n|${decimals}`, { signDisplay: 'negative', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}
