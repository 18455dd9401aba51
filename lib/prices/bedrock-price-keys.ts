/**
 * The price keys of a Bedrock model id: what a sweep that prices tokens declares, so the
 * run resolves them live (AWS Price List, `AmazonBedrock`, on-demand inference) before
 * `assess` looks them up with `bedrockTokens`.
 */
import { bundledBedrockIndex } from './bundled-bedrock.js';
import { type PriceKey, priceKeys } from './price-key.js';

/**
 * The input and output token keys of `modelId` in `region`; none when the bundled table
 * knows no Price List model name for the id (its price is then bundled or unknown).
 *
 * @example
 * bedrockTokenPriceKeys('us-east-1', 'amazon.nova-micro-v1:0');
 * // [{ service: 'bedrock', region: 'us-east-1', component: 'input-tokens', item: 'Nova Micro' }, { ... 'output-tokens' ... }]
 */
export function bedrockTokenPriceKeys(region: string, modelId: string): PriceKey[] {
  const model = bundledBedrockIndex().priceListModels.get(modelId.trim());
  return model ? [priceKeys.bedrockTokens(region, model, 'input'), priceKeys.bedrockTokens(region, model, 'output')] : [];
}
