import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { bedrockTokenPriceKeys } from '../../prices/bedrock-price-keys.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { DEFAULT_SCHEDULE, TokenSpendConfigSchema, type TokenSpendConfig } from './config.js';
import type { TokenSpendFacts } from './facts.js';
import { inventoryTokenSpend } from './inventory.js';
import { assessTokenSpend } from './rule.js';
import { TOKEN_SPEND_RESOURCE, tokenSpendTagCommand } from './spenders.js';

const APPLICATION_PROFILE = 'arn:{partition}:bedrock:*:{account}:application-inference-profile/*';

/**
 * Flags, URGENT and report-only, a team's or profile's Bedrock token spend over the last
 * hours when it runs far above its trailing baseline or past the team's daily cap, with
 * the tokens, the dollars so far today and the models behind it.
 */
export const TokenSpendSweep = {
  name: 'token-spend',
  title: 'Bedrock token spend spikes',
  description: "flags a team's or profile's Bedrock token spend far above its 14-day baseline or over its daily cap (report-only)",
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: TokenSpendConfigSchema,
  docs: 'docs/token-spend.md',
  resourceType: TOKEN_SPEND_RESOURCE,
  wording: {
    verb: 'flag',
    description: 'tell the owner about the spike or the cap crossed, urgently (this sweep never stops, throttles or changes anything)',
    done: 'flagged',
  },
  advisory: { decision: 'flagged', event: 'runaway', urgent: true },
  permissions: {
    inventory: [
      // ListMetrics, GetMetricData and ListInferenceProfiles support no resource-level permissions.
      { actions: ['cloudwatch:ListMetrics', 'cloudwatch:GetMetricData', 'bedrock:ListInferenceProfiles'], resources: ['*'] },
      // The team tag of each application inference profile with usage.
      { actions: ['bedrock:ListTagsForResource'], resources: [APPLICATION_PROFILE] },
      // Live token prices of the models behind the usage (both modes price).
      PRICE_LIST_GRANT,
    ],
  },
  inventory: inventoryTokenSpend,
  priceKeys: ({ ref, facts }) => facts.members.flatMap((m) => (m.pricedModelId ? bedrockTokenPriceKeys(ref.region, m.pricedModelId) : [])),
  assess: assessTokenSpend,
  tagCommand: tokenSpendTagCommand,
} as const satisfies SweepDeclaration<TokenSpendFacts, TokenSpendConfig, never>;
