import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, sweepWording, t, type MessageKey } from '../../../lib/format/index.js';
import { SWEEPS } from '../../../lib/sweeps/registry.js';
import { englishFragments } from './english-fragments.js';

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('every locale has every key of en, and no other', () => {
    const keys = Object.keys(CATALOGUES.en).sort();
    for (const locale of LOCALES) expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
  });

  it('every message has the same placeholders in every locale', () => {
    for (const locale of LOCALES) {
      for (const [key, template] of Object.entries(CATALOGUES.en)) {
        expect([key, placeholders(CATALOGUES[locale][key as MessageKey])]).toEqual([key, placeholders(template)]);
      }
    }
  });

  it('no ja message is left in English', () => {
    const same = (Object.keys(CATALOGUES.en) as MessageKey[]).filter((key) => CATALOGUES.ja[key] === CATALOGUES.en[key] && /[A-Za-z]{4,}/.test(CATALOGUES.en[key].replace(/\{\w+\}/g, '')));
    expect(same).toEqual([]);
    // The leak check of the ja tests has something to look for.
    expect(englishFragments('ja').length).toBeGreaterThan(200);
  });

  it('fills placeholders, leaving a value that looks like one alone', () => {
    expect(t('en', 'notice.greeting', { owner: 'ana@example.com' })).toBe('Hello ana@example.com,');
    expect(t('ja', 'notice.greeting', { owner: 'ana@example.com' })).toBe('ana@example.com 様');
    expect(t('en', 'notice.greeting', { owner: '{owner}' })).toBe('Hello {owner},');
    expect(t('ja', 'report.count', { count: 3, decision: '{count}' })).toBe('{count} 3 件');
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
