/**
 * The owner-action endpoint, independent of how requests arrive (a Lambda function
 * URL, the local `serve-links` server): `GET` checks the link and shows what it would
 * do; `POST` checks it again, reads the reason and applies it. Every request is
 * logged once, without its token (its id only, once verified).
 *
 * Statuses (the link contract): 200 page shown or decision applied; 400 a form to
 * fill again (nothing changed); 403 a link never valid here, 410 one no longer
 * valid (nothing changed); 404 another path; 405 another method; 502 the tag could
 * not be written (nothing recorded; try again); 500 anything else.
 */
import type { Clock } from '../core/clock.js';
import { errorMessage, errorName, OwnerLinkRefusedError } from '../core/errors.js';
import { isOwnerChoice } from '../core/owner-actions.js';
import type { OwnerDecisionStore } from '../core/owner-decisions.js';
import type { TagKeys } from '../core/policy.js';
import type { LoggerLike } from '../core/sweep.js';
import type { ResolvedFormat } from '../format/index.js';
import type { OwnerActionsConfig } from '../config/owner-actions-config.js';
import { applyDecision, readForm } from './apply-decision.js';
import { confirmPage, donePage, failedPage, notFoundPage, refusedPage, type SweepLabel } from './page.js';
import type { LinkSigner } from './signer.js';
import type { ResourceTagger } from './tagger.js';
import { checkLink, type CheckedLink } from './verify-link.js';

/** One request, as the endpoint sees it. */
export interface LinkRequest {
  readonly method: string;
  /** The path, e.g. `/`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** A POST's body as a form (`application/x-www-form-urlencoded`); `null` for none. */
  readonly form: URLSearchParams | null;
  /** For the log: the platform's request id. */
  readonly requestId?: string;
}

/** One response: an HTML page. */
export interface LinkResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the endpoint works with. */
export interface LinkEndpoint {
  readonly signer: LinkSigner;
  readonly store: OwnerDecisionStore;
  readonly tagger: ResourceTagger;
  readonly clock: Clock;
  readonly ownerActions: OwnerActionsConfig;
  readonly tagKeys: Pick<TagKeys, 'exempt' | 'snoozeUntil'>;
  /** The pages' language and time zone (the config's). */
  readonly format: ResolvedFormat;
  /** A sweep's title and action, in the pages' language. */
  readonly sweepLabel: (sweep: string) => SweepLabel;
  /** The one path served (the base URL's). @default '/' */
  readonly basePath?: string;
  readonly log: LoggerLike;
}

/** Headers of every page: HTML, never cached, no referrer (the URL holds a token), no script, no framing. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** What one request's log line says (never the token, nor the reason). */
interface RequestLog {
  method: string;
  path: string;
  requestId?: string;
  choice?: string;
  status?: number;
  refusal?: string;
  tokenId?: string;
  sweep?: string;
  resourceType?: string;
  region?: string;
  resource?: string;
  error?: string;
}

/**
 * Answers one request.
 *
 * @example
 * const response = await handleLinkRequest({ method: 'GET', path: '/', query: new URL(link).searchParams, form: null }, endpoint);
 * response.status // 200: the confirmation page
 */
export async function handleLinkRequest(request: LinkRequest, e: LinkEndpoint): Promise<LinkResponse> {
  const choice = request.query.get('choice');
  const log: RequestLog = {
    method: request.method,
    path: request.path.slice(0, 200),
    ...(request.requestId ? { requestId: request.requestId } : {}),
    ...(choice !== null ? { choice: isOwnerChoice(choice) ? choice : '(invalid)' } : {}),
  };
  const response = await answer(request, e, log);
  log.status = response.status;
  if (response.status >= 500) e.log.error('Owner link request', { ...log });
  else e.log.info('Owner link request', { ...log });
  return response;
}

async function answer(request: LinkRequest, e: LinkEndpoint, log: RequestLog): Promise<LinkResponse> {
  const page = (status: number, body: string, extra: Record<string, string> = {}): LinkResponse => ({ status, headers: { ...PAGE_HEADERS, ...extra }, body });
  if (request.path !== (e.basePath ?? '/')) return page(404, notFoundPage(e.format));
  if (request.method !== 'GET' && request.method !== 'POST') return page(405, notFoundPage(e.format), { allow: 'GET, POST' });
  const now = e.clock.now();
  let link: CheckedLink | undefined;
  try {
    link = await checkLink(request.query, { signer: e.signer, store: e.store, ownerActions: e.ownerActions, now });
    const { claims } = link;
    Object.assign(log, { tokenId: claims.id, sweep: claims.sweep, resourceType: claims.type, region: claims.region, resource: claims.resource });
    const view = { claims, state: link.state, sweep: e.sweepLabel(claims.sweep), now };
    if (request.method === 'GET') return page(200, confirmPage(view, e.format, e.tagKeys));
    const form = readForm(request.form ?? new URLSearchParams(), link, now);
    if ('problems' in form) {
      const typed = { reason: request.form?.get('reason') ?? '', ...(request.form?.get('until') ? { until: request.form.get('until')! } : {}) };
      return page(400, confirmPage({ ...view, ...typed, problems: form.problems }, e.format, e.tagKeys));
    }
    const decision = await applyDecision(link, form, { store: e.store, tagger: e.tagger, settings: { tagKeys: e.tagKeys }, now });
    return page(200, donePage(decision, e.format));
  } catch (error) {
    if (error instanceof OwnerLinkRefusedError) {
      log.refusal = error.refusal;
      return page(error.status, refusedPage(error.refusal, e.format));
    }
    log.error = `${errorName(error)}: ${errorMessage(error)}`;
    // A tag that could not be written leaves nothing recorded (the claim was given back).
    return page(link && request.method === 'POST' ? 502 : 500, failedPage(e.format));
  }
}
