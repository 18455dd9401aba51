/**
 * The catalogues of owner notices, sweep and restore reports and the values the
 * digest shares with them, and `t()`, which fills a message's placeholders. The
 * digest's own messages are in `lib/digest/messages`.
 */
import type { MessageTemplates } from './catalogue.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { createTranslator, type Translator } from './translator.js';

export type { Catalogue, CatalogueOf, Catalogues, MessageKey, MessageParams, MessageTemplates, ParamsOf, Templates } from './catalogue.js';
export { createTranslator, type Translator } from './translator.js';

const shared = createTranslator({ en, ja });

/** Every catalogue by locale (`en` is the reference, with its templates' literal types). */
export const CATALOGUES = shared.catalogues;

/**
 * The message `key` in `locale`, its `{placeholders}` filled from `params`
 * (values are inserted as given: format money and dates, and make tag text safe, first).
 *
 * @example
 * t('en', 'notice.greeting', { owner: 'ana@example.com' }) // => 'Hello ana@example.com,'
 * t('ja', 'notice.greeting', { owner: 'ana@example.com' }) // => 'ana@example.com 様'
 */
export const t: Translator<MessageTemplates>['t'] = shared.t;

/** A `t` bound to one locale: `const m = messages('ja'); m('notice.greeting', { owner })`. */
export const messages: Translator<MessageTemplates>['messages'] = shared.messages;
