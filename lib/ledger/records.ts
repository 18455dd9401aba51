/**
 * The ledger record types moved to `lib/core/ledger-records.ts` (the engine's port);
 * this module re-exports them so existing imports keep compiling.
 * @deprecated import from `../core/ledger-records.js`
 */
export * from '../core/ledger-records.js';
