import { Aws } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { TeamBudgetDefinition } from '../lib/budgets/team-budgets.js';

/** Properties of {@link TeamBudgets}. */
export interface TeamBudgetsProps {
  /** The team budgets, from `teamBudgetDefinitions(config)`. */
  readonly definitions: readonly TeamBudgetDefinition[];
  /** Receives every budget alert besides the team's emails (the ops topic). */
  readonly alertTopic: sns.ITopic;
  /** The alert topic's key, which AWS Budgets must be allowed to use. */
  readonly topicKey: kms.IKey;
}

/**
 * One AWS Budget per team (monthly, COST, filtered on the team's cost allocation
 * tag and, when given, services), each with an actual and a forecast alert to the
 * team's emails and the alert topic. The budget guard sweep reads these budgets by
 * name.
 */
export class TeamBudgets extends Construct {
  /** The budgets by team. */
  readonly budgets: Readonly<Record<string, budgets.CfnBudget>>;

  constructor(scope: Construct, id: string, props: TeamBudgetsProps) {
    super(scope, id);
    const created: Record<string, budgets.CfnBudget> = {};
    for (const d of props.definitions) {
      created[d.team] = new budgets.CfnBudget(this, `Budget-${d.team}`, {
        budget: {
          budgetName: d.budgetName,
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          budgetLimit: { amount: d.limitUsd, unit: 'USD' },
          costFilters: d.costFilters,
        },
        notificationsWithSubscribers: d.alerts.map((alert) => ({
          notification: {
            notificationType: alert.notificationType,
            comparisonOperator: 'GREATER_THAN',
            threshold: alert.thresholdPercent,
            thresholdType: 'PERCENTAGE',
          },
          subscribers: [
            ...d.emails.map((address) => ({ subscriptionType: 'EMAIL', address })),
            { subscriptionType: 'SNS', address: props.alertTopic.topicArn },
          ],
        })),
      });
    }
    this.budgets = created;
    if (props.definitions.length === 0) return;

    // AWS Budgets publishes as budgets.amazonaws.com: the topic and its key must allow it, for this account only.
    const budgetsService = new iam.ServicePrincipal('budgets.amazonaws.com');
    props.alertTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBudgetAlertsOfThisAccount',
        principals: [budgetsService],
        actions: ['sns:Publish'],
        resources: [props.alertTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:budgets::${Aws.ACCOUNT_ID}:*` },
        },
      }),
    );
    props.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [budgetsService],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
