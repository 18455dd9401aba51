import { describe, expect, it } from 'vitest';
import { CATALOGUES, createTranslator, LOCALES, sweepWording, t, type Locale, type MessageKey, type Templates } from '../../../lib/format/index.js';
import { DIGEST_ONLY_CATALOGUES, digestMessages } from '../../../lib/digest/messages/index.js';
import { LINK_ONLY_CATALOGUES } from '../../../lib/links/messages/index.js';
import { SWEEPS } from '../../../lib/sweeps/registry.js';
import { englishFragments } from './english-fragments.js';

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Each set of catalogues: the shared ones of lib/format (notices, reports) and the digest's own. */
const SETS: readonly [string, Readonly<Record<Locale, Templates>>][] = [
  ['lib/format', CATALOGUES],
  ['lib/digest', DIGEST_ONLY_CATALOGUES],
  ['lib/links', LINK_ONLY_CATALOGUES],
];

describe.each(SETS)('message catalogues of %s', (_, catalogues) => {
  it('every locale has every key of en, and no other', () => {
    const keys = Object.keys(catalogues.en).sort();
    for (const locale of LOCALES) expect(Object.keys(catalogues[locale]).sort()).toEqual(keys);
  });

  it('every message has the same placeholders in every locale', () => {
    for (const locale of LOCALES) {
      for (const [key, template] of Object.entries(catalogues.en)) {
        expect([key, placeholders(catalogues[locale][key] ?? '')]).toEqual([key, placeholders(template)]);
      }
    }
  });

  it('no ja message is left in English', () => {
    const same = Object.entries(catalogues.en).filter(
      ([key, english]) => catalogues.ja[key] === english && /[A-Za-z]{4,}/.test(english.replace(/\{\w+\}/g, '')),
    );
    expect(same).toEqual([]);
  });
});

describe('message catalogues', () => {
  it('no ja message is left in English', () => {
    const same = (Object.keys(CATALOGUES.en) as MessageKey[]).filter(
      (key) => CATALOGUES.ja[key] === CATALOGUES.en[key] && /[A-Za-z]{4,}/.test(CATALOGUES.en[key].replace(/\{\w+\}/g, '')),
    );
    expect(same).toEqual([]);
    // The leak check of the ja tests has something to look for.
    expect(englishFragments('ja').length).toBeGreaterThan(200);
  });

  it('the digest’s keys are its own: none is also a shared key, and its translator has both', () => {
    expect(Object.keys(DIGEST_ONLY_CATALOGUES.en).filter((key) => Object.hasOwn(CATALOGUES.en, key))).toEqual([]);
    expect(Object.keys(digestMessages.catalogues.en).sort()).toEqual([...Object.keys(CATALOGUES.en), ...Object.keys(DIGEST_ONLY_CATALOGUES.en)].sort());
    expect(digestMessages.t('ja', 'value.unknown')).toBe(t('ja', 'value.unknown'));
    expect(digestMessages.t('en', 'text.more', { count: 3 })).toBe('... and 3 more in the full report');
    expect(digestMessages.has('status.acted')).toBe(true);
    expect(digestMessages.has('status.nonsense')).toBe(false);
    expect(digestMessages.has('toString')).toBe(false);
  });

  it('fills placeholders, leaving a value that looks like one alone', () => {
    expect(t('en', 'notice.greeting', { owner: 'ana@example.com' })).toBe('Hello ana@example.com,');
    expect(t('ja', 'notice.greeting', { owner: 'ana@example.com' })).toBe('ana@example.com 様');
    expect(t('en', 'notice.greeting', { owner: '{owner}' })).toBe('Hello {owner},');
    expect(t('ja', 'report.count', { count: 3, decision: '{count}' })).toBe('{count} 3 件');
  });

  it('makes a translator from any catalogues, a missing value leaving its placeholder', () => {
    const en = { 'x.hi': 'Hi {who} from {where}' } as const;
    const own = createTranslator({ en, ja: { 'x.hi': '{where} の {who} さん' } });
    expect(own.t('ja', 'x.hi', { who: 'Ana', where: 'ops' })).toBe('ops の Ana さん');
    expect(own.messages('en')('x.hi', { who: 'Ana' } as never)).toBe('Hi Ana from {where}');
  });

  it('every registered sweep has its title and action in Japanese', () => {
    for (const sweep of SWEEPS) {
      const wording = sweepWording('ja', sweep.name);
      expect(wording, sweep.name).toBeDefined();
      expect(wording!.title).not.toMatch(/^[\x20-\x7e]*$/);
    }
    expect(sweepWording('en', 'idle-endpoints')).toBeUndefined(); // English is the declaration's own
    expect(sweepWording('ja', 'toString')).toBeUndefined();
  });
});
