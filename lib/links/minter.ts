/**
 * Mints the signed links of a pending notice (the {@link OwnerLinkMinter} the engine
 * calls): one token per offered answer, each naming the finding's resource, the
 * answer, the notice and an expiry, signed by the {@link LinkSigner}.
 */
import type { LinkSubject, NoticeOrigin, OwnerLink, OwnerLinkMinter } from '../core/owner-actions.js';
import { latestSnoozeDay, linkExpiry, offeredChoices } from './choices.js';
import { linkUrl, type LinkSettings } from './link-settings.js';
import type { LinkSigner } from './signer.js';
import { encodePayload, encodeToken, newTokenId, signedMessage, type LinkClaims } from './token.js';

/**
 * The links minter of a deployment.
 *
 * @example
 * const minter = createLinkMinter(new KmsLinkSigner(kms, [keyId]), settings);
 * const links = await minter.mint({ finding, state }, { runId, at: now }); // 4 or 5 links
 */
export function createLinkMinter(signer: LinkSigner, settings: LinkSettings): OwnerLinkMinter {
  return {
    async mint({ finding, state }: LinkSubject, origin: NoticeOrigin): Promise<readonly OwnerLink[]> {
      const choices = offeredChoices(finding, settings.ownerActions);
      const actAfter = state.actAfter ?? finding.actAfter;
      const exp = Math.floor(linkExpiry(actAfter, origin.at, settings.ownerActions).getTime() / 1000);
      const latest = latestSnoozeDay(origin.at, settings.ownerActions);
      return Promise.all(
        choices.map(async (choice): Promise<OwnerLink> => {
          const claims: LinkClaims = {
            v: 1,
            id: newTokenId(),
            choice,
            sweep: state.sweep,
            type: finding.resourceType,
            region: finding.region,
            resource: finding.resourceId,
            ...(finding.accountId === undefined ? {} : { account: finding.accountId }),
            owner: finding.owner,
            notice: origin.runId,
            noticeAt: Math.floor(origin.at.getTime() / 1000),
            actAfter,
            exp,
            ...(choice === 'keep-until' ? { until: latest } : {}),
          };
          const payload = encodePayload(claims);
          const token = encodeToken(payload, await signer.sign(signedMessage(payload)));
          return { choice, url: linkUrl(settings.baseUrl, choice, finding.resourceId, token), ...(choice === 'keep-until' ? { until: latest } : {}) };
        }),
      );
    },
  };
}
