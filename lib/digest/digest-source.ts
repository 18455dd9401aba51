/**
 * Reads the ledger records one weekly digest needs, with bounded queries only
 * (no scan): the action log (every action: they are few), the week's events and
 * run records (one byWeek partition), the open findings of every sweep in every
 * region, the current state of each resource with an event this week, and each
 * sweep's first run.
 */
import { isoWeekRange } from '../core/iso-week.js';
import type { ReportingLedger } from '../ledger/ledger.js';
import { isOpen, resourceKey, type ResourceState } from '../ledger/records.js';
import type { DigestInputs } from './weekly-digest.js';

/** What to read. */
export interface DigestSourceOptions {
  readonly week: string;
  /** Sweeps whose open findings to list: the registered ones; sweeps seen in the week's records are added. */
  readonly sweeps: readonly string[];
  /** Regions whose open findings to list: the configured ones; regions seen in the records are added. */
  readonly regions: readonly string[];
  /** Sweeps whose first run to look up (the enabled ones in apply mode). */
  readonly scheduledSweeps: readonly string[];
}

/**
 * Loads the digest's inputs from `ledger`.
 *
 * Queries: 1 paged query of the action log, 1 paged query of the week's partition,
 * 1 per (sweep, region) for open findings, 1 BatchGetItem per 100 resources touched
 * this week and not open, and 1 per scheduled sweep for its first run.
 */
export async function loadDigestInputs(ledger: ReportingLedger, options: DigestSourceOptions): Promise<DigestInputs> {
  const { end } = isoWeekRange(options.week);
  const [actions, { events, runs }] = await Promise.all([ledger.listActions(end.toISOString()), ledger.weekRecords(options.week)]);

  const sweeps = new Set([...options.sweeps, ...events.map((e) => e.sweep), ...actions.map((a) => a.sweep)]);
  const regions = new Set([...options.regions, ...events.map((e) => e.ref.region), ...actions.map((a) => a.ref.region)]);
  const states = new Map<string, ResourceState>();
  const keyOf = (s: Pick<ResourceState, 'sweep' | 'ref'>) => `${s.sweep}|${resourceKey(s.ref)}`;
  for (const sweep of sweeps) {
    for (const region of regions) {
      for (const state of await ledger.listOpen(sweep, region)) if (isOpen(state.status)) states.set(keyOf(state), state);
    }
  }

  // Findings that changed this week but are no longer open (adopted, ended, acted, ...).
  const closed = new Map<string, Map<string, ResourceState['ref']>>();
  for (const event of events) {
    if (states.has(keyOf(event))) continue;
    const refs = closed.get(event.sweep) ?? new Map<string, ResourceState['ref']>();
    refs.set(resourceKey(event.ref), event.ref);
    closed.set(event.sweep, refs);
  }
  for (const [sweep, refs] of closed) {
    for (const state of (await ledger.getStates(sweep, [...refs.values()])).values()) states.set(keyOf(state), state);
  }

  const firstRuns: Record<string, string | undefined> = {};
  for (const sweep of options.scheduledSweeps) firstRuns[sweep] = (await ledger.firstRun(sweep))?.startedAt;
  return { actions, events, runs, states: [...states.values()], firstRuns };
}
