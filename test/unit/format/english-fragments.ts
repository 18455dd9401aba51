/**
 * The English of the catalogues (the shared ones of lib/format and the digest's),
 * as fragments between placeholders, to check that a text written in another
 * language leaks none of it. Units (`/month`, `/h`) and text the other catalogue
 * shares (commands, ids) are left out.
 */
import { digestMessages, type DigestMessageKey } from '../../../lib/digest/messages/index.js';
import type { Locale } from '../../../lib/format/index.js';

/** Fragments of the English messages with a word of 4+ letters that `locale`'s messages do not also contain. */
export function englishFragments(locale: Exclude<Locale, 'en'>): { key: DigestMessageKey; fragment: string }[] {
  const { catalogues } = digestMessages;
  const other = Object.values(catalogues[locale]).join('\n');
  return (Object.entries(catalogues.en) as [DigestMessageKey, string][])
    .filter(([key]) => !key.startsWith('unit.'))
    .flatMap(([key, template]) => template.split(/\{\w+\}/).map((fragment) => ({ key, fragment: fragment.trim() })))
    .filter(({ fragment }) => /[A-Za-z]{4,}/.test(fragment) && !other.includes(fragment));
}

/**
 * The English fragments found in `text`, with the key each comes from; `ids` (tag
 * keys, commands, resource names: data, not language) are removed from the text first.
 */
export function englishIn(text: string, locale: Exclude<Locale, 'en'>, ids: readonly string[] = []): string[] {
  const rest = [...ids].sort((a, b) => b.length - a.length).reduce((acc, id) => acc.split(id).join(' '), text);
  return englishFragments(locale)
    .filter(({ fragment }) => rest.includes(fragment))
    .map(({ key, fragment }) => `${key}: ${JSON.stringify(fragment)}`);
}
