/**
 * The message catalogues and `t()`, which fills a message's placeholders. No
 * translation happens at run time: every message is written in every language.
 */
import type { Locale } from '../locale.js';
import type { Catalogue, MessageKey, MessageParams, Placeholders } from './catalogue.js';
import { en } from './en.js';
import { ja } from './ja.js';

export type { Catalogue, MessageKey, MessageParams } from './catalogue.js';

/** Every catalogue by locale. */
export const CATALOGUES: { readonly [L in Locale]: Catalogue } = { en, ja };

/**
 * The message `key` in `locale`, its `{placeholders}` filled from `params`
 * (values are inserted as given: format money and dates, and make tag text safe, first).
 *
 * @example
 * t('en', 'notice.greeting', { owner: 'ana@example.com' }) // => 'Hello ana@example.com,'
 * t('ja', 'notice.greeting', { owner: 'ana@example.com' }) // => 'ana@example.com 様'
 */
export function t<K extends MessageKey>(
  locale: Locale,
  key: K,
  ...params: [Placeholders<(typeof en)[K]>] extends [never] ? [] : [MessageParams<K>]
): string {
  const template = CATALOGUES[locale][key];
  const values = (params[0] ?? {}) as Readonly<Record<string, string | number>>;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A `t` bound to one locale: `const m = messages('ja'); m('notice.greeting', { owner })`. */
export function messages(locale: Locale): <K extends MessageKey>(key: K, ...params: [Placeholders<(typeof en)[K]>] extends [never] ? [] : [MessageParams<K>]) => string {
  return (key, ...params) => t(locale, key, ...params);
}
