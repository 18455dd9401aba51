/**
 * The digest's translator: its own catalogues (`./en.ts`, `./ja.ts`) joined with
 * the shared ones of `lib/format` (values, units, modes, decisions). Only the
 * digest imports this module, so the sweep Lambdas bundle none of its messages.
 */
import { CATALOGUES, createTranslator, type Translator } from '../../format/index.js';
import type { DigestMessageTemplates } from './catalogue.js';
import { en } from './en.js';
import { ja } from './ja.js';

export type { DigestCatalogue, DigestMessageKey, DigestMessageTemplates, DigestTemplates } from './catalogue.js';

/** The digest's own catalogues by locale, without the shared ones (for the completeness tests). */
export const DIGEST_ONLY_CATALOGUES = { en, ja } as const;

/**
 * Messages of the digest and the shared ones.
 *
 * @example
 * digestMessages.t('ja', 'text.headline') // => '概要'
 * const m = digestMessages.messages('en'); m('text.total') // => 'TOTAL'
 */
export const digestMessages: Translator<DigestMessageTemplates> = createTranslator<DigestMessageTemplates>({
  en: { ...CATALOGUES.en, ...en },
  ja: { ...CATALOGUES.ja, ...ja },
});

/** {@link digestMessages}' `t`: the message `key` in `locale`, its placeholders filled. */
export const t: Translator<DigestMessageTemplates>['t'] = digestMessages.t;

/** {@link digestMessages}' `messages`: a `t` bound to one locale. */
export const messages: Translator<DigestMessageTemplates>['messages'] = digestMessages.messages;
