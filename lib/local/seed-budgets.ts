import { BudgetsClient, CreateBudgetCommand } from '@aws-sdk/client-budgets';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { TeamBudgetDefinition } from '../budgets/team-budgets.js';

/** Spend to seed for one team (the emulator reports what it is given at creation). */
export interface SeedSpend {
  readonly actualUsd: number;
  readonly forecastUsd?: number;
}

/**
 * Creates the team budgets on a local emulator as the CDK construct defines them
 * (same definitions, limits, filters and alerts), with the given spend. moto's
 * Budgets returns the `CalculatedSpend` given at creation; real AWS computes it.
 */
export async function seedTeamBudgets(options: {
  endpoint: string;
  definitions: readonly TeamBudgetDefinition[];
  spend: Readonly<Record<string, SeedSpend>>;
  opsTopicArn?: string;
}): Promise<void> {
  const config = { region: 'us-east-1', endpoint: options.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const { Account } = await new STSClient(config).send(new GetCallerIdentityCommand({}));
  const budgets = new BudgetsClient(config);
  for (const d of options.definitions) {
    const spend = options.spend[d.team] ?? { actualUsd: 0 };
    const subscribers = [
      ...d.emails.map((address) => ({ SubscriptionType: 'EMAIL' as const, Address: address })),
      ...(options.opsTopicArn ? [{ SubscriptionType: 'SNS' as const, Address: options.opsTopicArn }] : []),
    ];
    await budgets.send(
      new CreateBudgetCommand({
        AccountId: Account,
        Budget: {
          BudgetName: d.budgetName,
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: String(d.limitUsd), Unit: 'USD' },
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- the same CostFilters the construct deploys (infra/team-budgets.ts, CfnBudget costFilters), so the local estate matches a real one; moving both to FilterExpression is its own change
          CostFilters: Object.fromEntries(Object.entries(d.costFilters).map(([k, v]) => [k, [...v]])),
          CalculatedSpend: {
            ActualSpend: { Amount: String(spend.actualUsd), Unit: 'USD' },
            ...(spend.forecastUsd === undefined ? {} : { ForecastedSpend: { Amount: String(spend.forecastUsd), Unit: 'USD' } }),
          },
        },
        NotificationsWithSubscribers: subscribers.length
          ? d.alerts.map((a) => ({
              Notification: {
                NotificationType: a.notificationType,
                ComparisonOperator: 'GREATER_THAN',
                Threshold: a.thresholdPercent,
                ThresholdType: 'PERCENTAGE',
              },
              Subscribers: subscribers,
            }))
          : [],
      }),
    );
  }
}
