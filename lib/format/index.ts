/**
 * Formatting and language: money, dates, safe text, aligned tables, the message
 * catalogues and sweep reports as text. Imports only lib/core.
 */
export {
  DEFAULT_LOCALE,
  DEFAULT_TIME_ZONE,
  LOCALES,
  intlLocale,
  isLocale,
  isTimeZone,
  resolveFormat,
  type FormatOptions,
  type Locale,
  type ResolvedFormat,
} from './locale.js';
export { formatNumber, formatPercent, formatUsd, formatUsdPerHour, formatUsdPerMonth, formatUsdRate, type UsdOptions } from './money.js';
export { formatDate, formatDateTime, timeZoneLabel, type DateTimeOptions } from './dates.js';
export { MAX_SAFE_TEXT, safeText, type SafeTextOptions } from './safe-text.js';
export { displayWidth, padEndToWidth, padStartToWidth, truncateToWidth } from './display-width.js';
export { table, tableLines, type TableOptions } from './table.js';
export {
  CATALOGUES,
  createTranslator,
  messages,
  t,
  type Catalogue,
  type CatalogueOf,
  type Catalogues,
  type MessageKey,
  type MessageParams,
  type MessageTemplates,
  type ParamsOf,
  type Templates,
  type Translator,
} from './messages/index.js';
export { sweepWording, type SweepWording } from './messages/sweep-wording.js';
export { formatRestoreReport, formatSweepReport, isPriced, jobCostSoFar } from './report-text.js';
export { formatPairs, type PairsSummary } from './report-pairs.js';
