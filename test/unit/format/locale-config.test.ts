import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { LocaleSchema, TimeZoneSchema } from '../../../lib/format/locale-config.js';

describe('locale and time zone config fragments', () => {
  it('accepts the supported locales only', () => {
    expect(z.safeParse(LocaleSchema, 'ja').success).toBe(true);
    expect(z.safeParse(LocaleSchema, 'en').success).toBe(true);
    expect(z.safeParse(LocaleSchema, 'fr').success).toBe(false);
    expect(z.safeParse(LocaleSchema, 'JA').success).toBe(false);
  });

  it('accepts IANA time zones Intl knows, with a message naming an example otherwise', () => {
    for (const zone of ['UTC', 'Asia/Tokyo', 'Europe/Berlin', 'America/New_York']) expect(z.safeParse(TimeZoneSchema, zone).success).toBe(true);
    for (const zone of ['Mars/Olympus', '', 'JST+9x']) {
      const result = z.safeParse(TimeZoneSchema, zone);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('IANA time zone');
    }
  });
});
