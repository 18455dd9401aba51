/**
 * The types of the digest's catalogues: its own English templates (the reference)
 * and, joined with `lib/format`'s, the messages a digest renderer can write.
 */
import type { CatalogueOf, MessageTemplates } from '../../format/index.js';
import type { en } from './en.js';

/** The English templates of the digest's own keys. */
export type DigestTemplates = typeof en;

/** A digest catalogue in another language: every key of the English one, no other. */
export type DigestCatalogue = CatalogueOf<DigestTemplates>;

/** Every message a digest renderer writes: the shared ones of `lib/format` and the digest's own. */
export type DigestMessageTemplates = MessageTemplates & DigestTemplates;

/** A key of {@link DigestMessageTemplates}, e.g. `text.heading` or `value.unknown`. */
export type DigestMessageKey = keyof DigestMessageTemplates;
