/**
 * The ledger interfaces moved to `lib/core/ledger-port.ts` (core defines the port,
 * this folder implements it); re-exported so existing imports keep compiling.
 * @deprecated import from `../core/ledger-port.js`
 */
export type { Ledger, ReportingLedger } from '../core/ledger-port.js';
