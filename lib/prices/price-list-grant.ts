/**
 * The IAM a run's live prices need. Kept apart from the API client so that a sweep
 * declaration can list it without importing the Pricing SDK.
 */
import type { IamGrant } from '../core/sweep-parts.js';

/**
 * `pricing:GetProducts` on Resource `*`: the Price List Query API supports no
 * resource-level permissions, so IAM accepts only `*` for it. A sweep that declares
 * price keys lists this among its `inventory` permissions (both modes price).
 */
export const PRICE_LIST_GRANT: IamGrant = { actions: ['pricing:GetProducts'], resources: ['*'] };
