import type { Locale } from '../format/locale-config.js';

/** The language and time zone a demo prints and sends its notices and digest in. */
export interface DemoPresentation {
  readonly locale: Locale;
  readonly timeZone: string;
}

/** English, UTC: what the demo shows unless asked otherwise. */
export const DEFAULT_DEMO_PRESENTATION: DemoPresentation = { locale: 'en', timeZone: 'UTC' };
