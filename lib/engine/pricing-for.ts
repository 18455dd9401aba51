/**
 * Builds a run's {@link RunPricing} from the `pricing` config section and the run's
 * clients: the Price List Query API at `pricing.endpointRegion`, the price cache in
 * the ledger table (when there is one), and Cost Explorer when
 * `pricing.effectiveRateFromCostExplorer` is on.
 */
import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PricingClient } from '@aws-sdk/client-pricing';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientFactory } from '../core/sweep.js';
import { LEDGER_KEYS } from '../ledger/table-design.js';
import { costExplorerEffectiveRates } from '../prices/cost-explorer-rate.js';
import { DynamoDbPriceCache } from '../prices/dynamodb-price-cache.js';
import { priceListApiFromSdk } from '../prices/price-list-client.js';
import type { PricingConfig } from '../prices/pricing-config.js';
import type { RunPricing } from './run-prices.js';

/** Cost Explorer's API is served from us-east-1 only. */
const COST_EXPLORER_REGION = 'us-east-1';

/** Where the run's ledger is, for the price cache. */
export interface PricingDeployment {
  /** The ledger table (`FINOPS_LEDGER_TABLE`). @default - no cache: every run asks the API */
  readonly ledgerTable?: string | undefined;
  /** Region of the ledger table. */
  readonly homeRegion: string;
}

/**
 * The pricing of a run: live prices from the Price List API through the ledger
 * table's price cache (`PRICE#` items, read and written in both modes: public list
 * prices, no finding), the configured discounts, and Cost Explorer rates when on.
 *
 * @example
 * runSweep({ ...options, pricing: pricingFor(config.pricing, clients, { ledgerTable, homeRegion }) });
 */
export function pricingFor(config: PricingConfig, clients: ClientFactory, deployment: PricingDeployment): RunPricing {
  const cache = deployment.ledgerTable
    ? new DynamoDbPriceCache({
        client: DynamoDBDocumentClient.from(clients.get(DynamoDBClient, deployment.homeRegion)),
        tableName: deployment.ledgerTable,
        partitionKey: LEDGER_KEYS.partitionKey,
        sortKey: LEDGER_KEYS.sortKey,
      })
    : undefined;
  return {
    api: priceListApiFromSdk(clients.get(PricingClient, config.endpointRegion)),
    cache,
    config,
    measureRates: config.effectiveRateFromCostExplorer
      ? (now) => {
          const ce = clients.get(CostExplorerClient, COST_EXPLORER_REGION);
          // The SDK types its input's arrays as mutable; the rate module's are readonly.
          return costExplorerEffectiveRates((input) => ce.send(new GetCostAndUsageCommand(input as GetCostAndUsageCommandInput)), { now });
        }
      : undefined,
  };
}
