/**
 * Checks an owner-action link before anything is shown or changed, in an order that
 * reveals nothing a forger could use: the token's MAC first (checked by the signer,
 * in constant time), then the URL against the token (choice, resource), the expiry,
 * the token's single use, and last the finding it is about. Every refusal is an
 * {@link OwnerLinkRefusedError} (403: never valid here; 410: no longer valid) and
 * changes nothing.
 */
import { OwnerLinkRefusedError } from '../core/errors.js';
import type { ResourceRef } from '../core/finding.js';
import { isOpen, type ResourceState } from '../core/ledger-records.js';
import { STALE_CLAIM_MS, type OwnerDecisionStore } from '../core/owner-decisions.js';
import { exemptAllowed, type OwnerActionsConfig } from '../config/owner-actions-config.js';
import { offeredChoices } from './choices.js';
import type { LinkSigner } from './signer.js';
import { parseToken, signedMessage, type LinkClaims } from './token.js';

/** What a link check needs. */
export interface LinkCheckContext {
  readonly signer: LinkSigner;
  readonly store: OwnerDecisionStore;
  readonly ownerActions: OwnerActionsConfig;
  readonly now: Date;
}

/** A link that passed every check: its claims and the finding's current state. */
export interface CheckedLink {
  readonly claims: LinkClaims;
  readonly state: ResourceState;
}

/** The one value of query parameter `name`, or `null` when it is absent, empty or repeated. */
function single(query: URLSearchParams, name: string): string | null {
  const values = query.getAll(name);
  return values.length === 1 && values[0] !== '' ? values[0]! : null;
}

/**
 * Checks the link of `query` (`choice`, `resource`, `token`).
 *
 * @throws OwnerLinkRefusedError tampered, choice-mismatch, wrong-resource, expired, used, no-longer-applies or not-allowed
 */
export async function checkLink(query: URLSearchParams, c: LinkCheckContext): Promise<CheckedLink> {
  const token = single(query, 'token');
  const parsed = token === null ? null : parseToken(token);
  if (!parsed || !(await c.signer.verify(signedMessage(parsed.payload), parsed.mac))) {
    throw new OwnerLinkRefusedError('tampered', 'the token is missing, malformed or its signature does not match');
  }
  const { claims } = parsed;
  if (single(query, 'choice') !== claims.choice) throw new OwnerLinkRefusedError('choice-mismatch', `the URL's choice is not the token's`);
  if (single(query, 'resource') !== claims.resource) throw new OwnerLinkRefusedError('wrong-resource', `the URL names another resource than the token`);
  if (c.now.getTime() >= claims.exp * 1000)
    throw new OwnerLinkRefusedError('expired', `token ${claims.id} expired at ${new Date(claims.exp * 1000).toISOString()}`);

  const use = await c.store.linkUse(claims.id);
  const heldByAnother = use?.status === 'claimed' && c.now.getTime() - new Date(use.claimedAt).getTime() < STALE_CLAIM_MS;
  if (use?.status === 'applied' || heldByAnother) throw new OwnerLinkRefusedError('used', `token ${claims.id} was already used`);

  const ref: ResourceRef = {
    resourceType: claims.type,
    region: claims.region,
    resourceId: claims.resource,
    arn: '',
    ...(claims.account === undefined ? {} : { accountId: claims.account }),
  };
  const state = await c.store.state(claims.sweep, ref);
  if (!state || !isOpen(state.status) || state.status === 'acting') {
    throw new OwnerLinkRefusedError('no-longer-applies', `the finding of token ${claims.id} is ${state?.status ?? 'not recorded'}`);
  }
  if (claims.choice === 'act-now' && (state.status !== 'pending' || !state.warnedAt || state.actAfter !== claims.actAfter)) {
    throw new OwnerLinkRefusedError(
      'no-longer-applies',
      `act-now needs the warning the notice was about; the finding is ${state.status}, due ${state.actAfter ?? '-'}`,
    );
  }
  const offered = offeredChoices(
    { resourceType: claims.type, team: state.team, ...(claims.account === undefined ? {} : { accountId: claims.account }) },
    c.ownerActions,
  );
  if (!offered.includes(claims.choice) || (claims.choice === 'exempt' && !exemptAllowed(c.ownerActions, state.team))) {
    throw new OwnerLinkRefusedError('not-allowed', `${claims.choice} is not allowed for this resource by ownerActions`);
  }
  return { claims, state };
}
