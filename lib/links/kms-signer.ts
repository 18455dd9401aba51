/**
 * Links signed with a KMS HMAC key (`HMAC_256`, `GENERATE_VERIFY_MAC`): the key
 * material never leaves KMS. Sweeps call `GenerateMac` (one call per link); the
 * endpoint calls `VerifyMac`, which compares in KMS, in constant time, and answers
 * `KMSInvalidMacException` for a wrong MAC.
 *
 * KMS cannot rotate HMAC keys automatically. `keyIds` may list several keys: the
 * first signs, every one verifies, so a new key can take over while links signed by
 * the old one are still valid (they expire within days).
 */
import { GenerateMacCommand, KMSInvalidMacException, VerifyMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { LinkSigner } from './signer.js';

/** The MAC algorithm of every link. */
export const LINK_MAC_ALGORITHM = 'HMAC_SHA_256';

/** A {@link LinkSigner} on KMS HMAC keys. */
export class KmsLinkSigner implements LinkSigner {
  readonly #keyIds: readonly string[];

  /**
   * @param client a KMS client in the keys' region
   * @param keyIds key ids, ARNs or aliases; the first signs (`FINOPS_LINKS_KEY_ID`, comma-separated)
   */
  constructor(
    private readonly client: KMSClient,
    keyIds: readonly string[],
  ) {
    if (keyIds.length === 0) throw new RangeError('KmsLinkSigner needs at least one key id');
    this.#keyIds = keyIds;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    const out = await this.client.send(new GenerateMacCommand({ KeyId: this.#keyIds[0], MacAlgorithm: LINK_MAC_ALGORITHM, Message: message }));
    if (!out.Mac) throw new Error(`KMS GenerateMac with ${this.#keyIds[0]} returned no MAC`);
    return out.Mac;
  }

  async verify(message: Uint8Array, mac: Uint8Array): Promise<boolean> {
    for (const keyId of this.#keyIds) {
      try {
        const out = await this.client.send(new VerifyMacCommand({ KeyId: keyId, MacAlgorithm: LINK_MAC_ALGORITHM, Message: message, Mac: mac }));
        if (out.MacValid === true) return true;
      } catch (error) {
        if (!(error instanceof KMSInvalidMacException)) throw error;
      }
    }
    return false;
  }
}
