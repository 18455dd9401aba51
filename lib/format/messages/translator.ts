/**
 * A translator over a set of catalogues: `t()` fills a message's placeholders.
 * No translation happens at run time: every message is written in every language.
 * Each part of the system that has messages of its own (the digest) makes its
 * translator from its catalogues and the shared ones, so that code which does not
 * render those messages (a sweep Lambda) does not bundle them.
 */
import type { Locale } from '../locale.js';
import type { CatalogueOf, Catalogues, ParamsOf, Templates } from './catalogue.js';

/** Messages of catalogues whose English reference is `R`. */
export interface Translator<R extends Templates> {
  /** Every catalogue by locale. */
  readonly catalogues: Catalogues<R>;
  /**
   * The message `key` in `locale`, its `{placeholders}` filled from the params
   * (values are inserted as given: format money and dates, and make tag text safe, first).
   */
  readonly t: <K extends keyof R & string>(locale: Locale, key: K, ...params: ParamsOf<R[K]>) => string;
  /** {@link t} bound to one locale. */
  readonly messages: (locale: Locale) => <K extends keyof R & string>(key: K, ...params: ParamsOf<R[K]>) => string;
  /** Whether `key` is a key of these catalogues (for keys built at run time, e.g. `status.${status}`). */
  readonly has: (key: string) => key is keyof R & string;
}

/**
 * A translator over `catalogues`.
 *
 * @example
 * const digest = createTranslator({ en: { ...CATALOGUES.en, ...digestEn }, ja: { ...CATALOGUES.ja, ...digestJa } });
 * digest.t('ja', 'digest.none') // => 'なし。'
 */
export function createTranslator<R extends Templates>(catalogues: Catalogues<R>): Translator<R> {
  const t = <K extends keyof R & string>(locale: Locale, key: K, ...params: ParamsOf<R[K]>): string => {
    const templates: CatalogueOf<R> = catalogues[locale];
    const template = templates[key];
    const values = (params[0] ?? {}) as Readonly<Record<string, string | number>>;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
  return {
    catalogues,
    t,
    messages:
      (locale) =>
      (key, ...params) =>
        t(locale, key, ...params),
    has: (key): key is keyof R & string => Object.hasOwn(catalogues.en, key),
  };
}
