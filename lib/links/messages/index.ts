/**
 * The owner-action pages' translator: their own catalogues joined with the shared
 * ones of `lib/format`. Only the links endpoint imports this module.
 */
import { CATALOGUES, createTranslator, type Translator } from '../../format/index.js';
import { en } from './en.js';
import { ja } from './ja.js';

/** The English templates of the pages' own keys. */
export type LinkTemplates = typeof en;

/** The pages' own catalogues by locale (for the completeness tests). */
export const LINK_ONLY_CATALOGUES = { en, ja } as const;

/** Messages of the pages and the shared ones. */
export const linkMessages: Translator<typeof CATALOGUES.en & LinkTemplates> = createTranslator<typeof CATALOGUES.en & LinkTemplates>({
  en: { ...CATALOGUES.en, ...en },
  ja: { ...CATALOGUES.ja, ...ja },
});
