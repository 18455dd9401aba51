import { describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../../../lib/links/signer.js';
import { encodePayload, encodeToken, newTokenId, parseToken, signedMessage, type LinkClaims } from '../../../lib/links/token.js';
import { KEY } from './links-fixture.js';

const claims: LinkClaims = {
  v: 1,
  id: newTokenId(),
  choice: 'keep-7d',
  sweep: 'idle-endpoints',
  type: 'sagemaker:endpoint',
  region: 'us-east-1',
  resource: 'churn-model-v1',
  owner: 'ana@example.com',
  notice: 'run-abc',
  noticeAt: 1795424400,
  actAfter: '2026-11-24T09:00:00.000Z',
  exp: 1795597200,
};

describe('owner-action tokens', () => {
  it('round-trips: payload and MAC, both base64url, the MAC over the payload as sent', async () => {
    const signer = new HmacLinkSigner(KEY);
    const payload = encodePayload(claims);
    const token = encodeToken(payload, await signer.sign(signedMessage(payload)));
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const parsed = parseToken(token)!;
    expect(parsed.claims).toEqual(claims);
    expect(await signer.verify(signedMessage(parsed.payload), parsed.mac)).toBe(true);
    expect(token.length).toBeLessThan(600);
  });

  it('a MAC checks only its own payload and key', async () => {
    const signer = new HmacLinkSigner(KEY);
    const payload = encodePayload(claims);
    const mac = await signer.sign(signedMessage(payload));
    const other = encodePayload({ ...claims, resource: 'payments-scoring' });
    expect(await signer.verify(signedMessage(other), mac)).toBe(false);
    expect(await new HmacLinkSigner(Buffer.alloc(32, 8)).verify(signedMessage(payload), mac)).toBe(false);
    expect(await signer.verify(signedMessage(payload), mac.subarray(0, 16))).toBe(false);
    // The domain prefix: the key's MAC of the bare payload is not the token's.
    expect(Buffer.from(await signer.sign(Buffer.from(payload))).equals(Buffer.from(mac))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['no MAC', encodePayload(claims)],
    ['short MAC', `${encodePayload(claims)}.abc`],
    ['not base64url', `${encodePayload(claims)}!.${'A'.repeat(43)}`],
    ['not JSON', `${Buffer.from('hello').toString('base64url')}.${'A'.repeat(43)}`],
    ['unknown choice', `${encodePayload({ ...claims, choice: 'delete-everything' } as never)}.${'A'.repeat(43)}`],
    ['extra field', `${encodePayload({ ...claims, admin: true } as never)}.${'A'.repeat(43)}`],
    ['too long', `${'A'.repeat(3000)}.${'A'.repeat(43)}`],
  ])('refuses a token that is not one: %s', (_, token) => {
    expect(parseToken(token)).toBeNull();
  });

  it('an HMAC key must be at least 32 bytes', () => {
    expect(() => new HmacLinkSigner(Buffer.alloc(16))).toThrow(/at least 32 bytes; got 16/);
  });
});
