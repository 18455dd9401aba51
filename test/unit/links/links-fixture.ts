/**
 * A pending finding of an idle endpoint, its ledger state, and an owner-action
 * endpoint over memory stores with an in-memory HMAC key, for the links unit tests.
 */
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom, type Finding } from '../../../lib/core/finding.js';
import type { ResourceState } from '../../../lib/core/ledger-records.js';
import type { LoggerLike } from '../../../lib/core/sweep.js';
import { OwnerActionsConfigSchema, type OwnerActionsConfig } from '../../../lib/config/owner-actions-config.js';
import type { LinkEndpoint, LinkRequest } from '../../../lib/links/handle-request.js';
import { createLinkMinter } from '../../../lib/links/minter.js';
import { HmacLinkSigner } from '../../../lib/links/signer.js';
import type { ResourceTagger } from '../../../lib/links/tagger.js';
import { MemoryOwnerDecisions } from '../../support/memory-owner-decisions.js';

export const NOTICE_AT = new Date('2026-11-23T09:00:00Z');
export const ACT_AFTER = addHours(NOTICE_AT, 24).toISOString();
export const BASE_URL = 'https://links.example.com/';
export const KEY = Buffer.alloc(32, 7);
export const TAG_KEYS = { exempt: 'finops:exempt', snoozeUntil: 'finops:snooze-until' } as const;

export function pendingFinding(patch: Partial<Finding> = {}): Finding {
  return {
    resourceType: 'sagemaker:endpoint',
    resourceId: 'churn-model-v1',
    arn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-model-v1',
    region: 'us-east-1',
    sweep: 'idle-endpoints',
    owner: 'ana@example.com',
    team: 'risk',
    decision: 'pending',
    reason: 'no invocations in the last 7 days',
    actAfter: ACT_AFTER,
    estimatedMonthlySavingsUsd: 537.57,
    savings: savingsFrom([{ item: 'ml.g4dn.xlarge', quantity: 1, usdPerHour: 0.7364, source: 'test', sourceDate: '2026-11-01', regionBasis: 'stated' }], []),
    evidence: {},
    ...patch,
  };
}

export function pendingState(finding: Finding = pendingFinding(), patch: Partial<ResourceState> = {}): ResourceState {
  return {
    sweep: finding.sweep,
    ref: { resourceType: finding.resourceType, resourceId: finding.resourceId, arn: finding.arn, region: finding.region },
    owner: finding.owner,
    team: finding.team,
    status: 'pending',
    version: 2,
    firstSeenAt: NOTICE_AT.toISOString(),
    updatedAt: NOTICE_AT.toISOString(),
    actAfter: ACT_AFTER,
    warnedAt: NOTICE_AT.toISOString(),
    reason: finding.reason,
    evidence: {},
    savings: finding.savings,
    actionId: null,
    leaseUntil: null,
    ...patch,
  };
}

export function ownerActions(input: Record<string, unknown> = {}): OwnerActionsConfig {
  return OwnerActionsConfigSchema.parse({ enabled: true, ...input });
}

/** A tagger that records its calls, or fails when told to. */
export class RecordingTagger implements ResourceTagger {
  readonly calls: { arn: string; tags: Record<string, string> }[] = [];
  fail = false;
  async tag(ref: { arn: string }, tags: Readonly<Record<string, string>>): Promise<void> {
    if (this.fail) throw new Error('AccessDenied: not allowed to tag');
    this.calls.push({ arn: ref.arn, tags: { ...tags } });
  }
}

/** A logger that keeps every line. */
export function recordingLog(): LoggerLike & { lines: { level: string; message: string; extra: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      lines.push({ level, message, extra: Object.assign({}, ...extra) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Everything a links test needs: the stores, a minter and the endpoint at `now`. */
export function linksHarness(options: { now?: Date; config?: Record<string, unknown>; state?: ResourceState } = {}) {
  const store = new MemoryOwnerDecisions();
  const finding = pendingFinding();
  const state = options.state ?? pendingState(finding);
  store.seed(state);
  const signer = new HmacLinkSigner(KEY);
  const config = ownerActions(options.config);
  const minter = createLinkMinter(signer, { baseUrl: BASE_URL, ownerActions: config, tagKeys: TAG_KEYS });
  const tagger = new RecordingTagger();
  const log = recordingLog();
  let now = options.now ?? addHours(NOTICE_AT, 1);
  const endpoint: LinkEndpoint = {
    signer,
    store,
    tagger,
    clock: { now: () => fixedClock(now).now() },
    ownerActions: config,
    tagKeys: TAG_KEYS,
    format: { locale: 'en', timeZone: 'UTC' },
    sweepLabel: () => ({ title: 'Idle SageMaker endpoints', description: 'stop the endpoint (delete it, keeping its endpoint config and model)' }),
    log,
  };
  const links = () => minter.mint({ finding, state }, { runId: 'run-abc', at: NOTICE_AT });
  return {
    store,
    tagger,
    log,
    endpoint,
    finding,
    state,
    links,
    setNow: (at: Date) => (now = at),
  };
}

/** A GET of `url`. */
export function get(url: string): LinkRequest {
  const u = new URL(url);
  return { method: 'GET', path: u.pathname, query: u.searchParams, form: null };
}

/** A POST of `url` with a form. */
export function post(url: string, form: Record<string, string>): LinkRequest {
  const u = new URL(url);
  return { method: 'POST', path: u.pathname, query: u.searchParams, form: new URLSearchParams(form) };
}
