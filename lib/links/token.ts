/**
 * The signed token of an owner-action link: what it allows (one choice on one
 * resource, from one notice, until an expiry), as base64url JSON, and its MAC.
 *
 * Wire form: `<payload>.<mac>`, both base64url without padding. The MAC is an
 * HMAC-SHA-256 over {@link signedMessage} of the payload exactly as sent (never a
 * re-serialization), so a token that changes by one character fails. Nothing in the
 * payload is secret (it names the resource and the owner, as the notice does); the
 * MAC is what a forger cannot make.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { OWNER_CHOICES } from '../core/owner-actions.js';

/** What a token allows. */
export interface LinkClaims {
  /** Format version. */
  readonly v: 1;
  /** The token's id: 16 random bytes, base64url. Single use is recorded under it. */
  readonly id: string;
  readonly choice: (typeof OWNER_CHOICES)[number];
  readonly sweep: string;
  /** The resource: its type, region and id (the ledger's key of the finding). */
  readonly type: string;
  readonly region: string;
  readonly resource: string;
  /** The resource's account when it is a member account's (an organization deployment); absent: the deployment's own. */
  readonly account?: string;
  /** The notice's recipient: who decides. */
  readonly owner: string;
  /** The run that sent the notice, and when (epoch seconds). */
  readonly notice: string;
  readonly noticeAt: number;
  /** The warning's deadline (`actAfter`) when the notice was sent: act-now applies to that warning only. */
  readonly actAfter: string | null;
  /** Expiry, epoch seconds. */
  readonly exp: number;
  /** `keep-until`: the latest day (`YYYY-MM-DD`) it may keep the resource until. */
  readonly until?: string;
}

const Text = z.string().check(z.minLength(1), z.maxLength(1024));

const ClaimsSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/)),
  choice: z.enum(OWNER_CHOICES),
  sweep: Text,
  type: Text,
  region: Text,
  resource: Text,
  account: z.optional(z.string().check(z.regex(/^\d{12}$/))),
  owner: Text,
  notice: Text,
  noticeAt: z.int(),
  actAfter: z.nullable(Text),
  exp: z.int(),
  until: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
});

/** Longest token accepted (a real one is about 500 characters). */
export const MAX_TOKEN_LENGTH = 2048;

/** The bytes a token's MAC covers: a fixed domain prefix (the key signs nothing else) and the payload as sent. */
export function signedMessage(payload: string): Uint8Array {
  return Buffer.from(`finops-ai owner-action link v1\n${payload}`, 'utf8');
}

/** A fresh token id. */
export function newTokenId(): string {
  return randomBytes(16).toString('base64url');
}

/** The payload of `claims`, base64url JSON. */
export function encodePayload(claims: LinkClaims): string {
  return Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
}

/** The token: payload and MAC. */
export function encodeToken(payload: string, mac: Uint8Array): string {
  return `${payload}.${Buffer.from(mac).toString('base64url')}`;
}

/** A token taken apart: its claims (still unverified), the payload as sent and the MAC. */
export interface ParsedToken {
  readonly claims: LinkClaims;
  readonly payload: string;
  readonly mac: Uint8Array;
}

/**
 * Takes a token apart without trusting it; `null` when it is not one (wrong shape,
 * not base64url, not JSON, claims not as {@link LinkClaims}). Verify its MAC before
 * using anything in it.
 */
export function parseToken(token: string): ParsedToken | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, payload, mac] = match as unknown as [string, string, string];
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = ClaimsSchema.safeParse(json);
  if (!parsed.success) return null;
  const { until, account, ...rest } = parsed.data;
  const claims: LinkClaims = { ...rest, ...(account === undefined ? {} : { account }), ...(until === undefined ? {} : { until }) };
  return { claims, payload, mac: Buffer.from(mac, 'base64url') };
}
