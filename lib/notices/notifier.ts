/**
 * The notifier port moved to `lib/core/notice-port.ts`; re-exported so existing
 * imports keep compiling.
 * @deprecated import from `../core/notice-port.js`
 */
export type { Notifier } from '../core/notice-port.js';
