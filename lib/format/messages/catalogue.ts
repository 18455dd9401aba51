/**
 * The type every message catalogue has: a string for each key of the English one.
 */
import type { en } from './en.js';

/** A message's key, e.g. `notice.greeting`. */
export type MessageKey = keyof typeof en;

/** A catalogue: every key of `en`, no other. */
export type Catalogue = { readonly [K in MessageKey]: string };

/** The `{name}` placeholders of a message template. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The values a message needs, one per placeholder of its English template. */
export type MessageParams<K extends MessageKey> = { readonly [P in Placeholders<(typeof en)[K]>]: string | number };
