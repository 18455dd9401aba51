import { randomBytes } from 'node:crypto';

/** `act-20261127T0900-1a2b3c4d`: sortable by time, unique by its random suffix. */
export function newActionId(now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `act-${stamp}-${randomBytes(4).toString('hex')}`;
}
