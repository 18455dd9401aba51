/** Shared pieces of the engine's unit tests: an ownership policy and a notifier that records (or fails). */
import type { OwnershipPolicy } from '../../lib/core/policy.js';
import type { Notifier } from '../../lib/core/notice-port.js';
import type { OwnerNotice } from '../../lib/core/notice-port.js';

/** Default tag keys, `env=prod` protected, `unassigned` as the fallback owner. */
export const TEST_POLICY: OwnershipPolicy = {
  tagKeys: { owner: 'owner', team: 'team', environment: 'env', exempt: 'finops:exempt', snoozeUntil: 'finops:snooze-until' },
  protectedEnvironments: ['prod'],
  fallbackOwner: 'unassigned',
};

/** Keeps every notice it publishes; fails for the owners in `failFor`, or for all while `failing`. */
export class RecordingNotifier implements Notifier {
  sent: OwnerNotice[] = [];
  failing = false;
  failFor = new Set<string>();
  async publish(notice: OwnerNotice) {
    if (this.failing || this.failFor.has(notice.owner)) throw new Error('SNS unavailable');
    this.sent.push(notice);
  }
}
