import type { OwnerNotice } from './owner-notice.js';

/** Delivers owner notices. The engine calls it once per owner per run. */
export interface Notifier {
  publish(notice: OwnerNotice): Promise<void>;
}
