/**
 * The types of message catalogues: a reference catalogue in English (its templates
 * literal types, so placeholders are checked), and the same keys in every other
 * language.
 */
import type { Locale } from '../locale.js';
import type { en } from './en.js';

/** A catalogue's templates by key. */
export type Templates = Readonly<Record<string, string>>;

/** A catalogue in another language than the reference `R`: every key of `R`, no other. */
export type CatalogueOf<R extends Templates> = Readonly<Record<keyof R, string>>;

/** The catalogues of a translator: the English reference `R` and every other locale's. */
export type Catalogues<R extends Templates> = Readonly<Record<'en', R> & Record<Exclude<Locale, 'en'>, CatalogueOf<R>>>;

/** The `{name}` placeholders of a message template. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The arguments after the key: none for a template without placeholders, else a value per placeholder. */
export type ParamsOf<S extends string> = [Placeholders<S>] extends [never] ? [] : [Readonly<Record<Placeholders<S>, string | number>>];

/** The English templates of notices, reports and the values shared with the digest. */
export type MessageTemplates = typeof en;

/** A message's key, e.g. `notice.greeting`. */
export type MessageKey = keyof MessageTemplates;

/** A catalogue: every key of `en`, no other. */
export type Catalogue = CatalogueOf<MessageTemplates>;

/** The values a message needs, one per placeholder of its English template. */
export type MessageParams<K extends MessageKey> = Readonly<Record<Placeholders<MessageTemplates[K]>, string | number>>;
