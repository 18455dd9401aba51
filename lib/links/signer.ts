/**
 * Who signs and checks owner-action links: a KMS HMAC key in a deployment
 * ({@link KmsLinkSigner}), or a key held in memory ({@link HmacLinkSigner}, for tests
 * and self-hosted setups). Both are HMAC-SHA-256 and compare MACs in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signs and verifies the bytes of a token (see `signedMessage`). */
export interface LinkSigner {
  /** The MAC of `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** `true` when `mac` is the MAC of `message`, compared in constant time; never throws for a wrong MAC. */
  verify(message: Uint8Array, mac: Uint8Array): Promise<boolean>;
}

/**
 * HMAC-SHA-256 with a key in memory, compared with `crypto.timingSafeEqual`.
 *
 * @example
 * const signer = new HmacLinkSigner(randomBytes(32));
 */
export class HmacLinkSigner implements LinkSigner {
  readonly #key: Buffer;

  /** @param key at least 32 bytes */
  constructor(key: Uint8Array) {
    if (key.length < 32) throw new RangeError(`an HMAC-SHA-256 link key needs at least 32 bytes; got ${key.length}`);
    this.#key = Buffer.from(key);
  }

  sign(message: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(createHmac('sha256', this.#key).update(message).digest());
  }

  async verify(message: Uint8Array, mac: Uint8Array): Promise<boolean> {
    const expected = await this.sign(message);
    // timingSafeEqual needs equal lengths; the length of a MAC is no secret.
    return mac.length === expected.length && timingSafeEqual(expected, mac);
  }
}
