/**
 * What the digest's spend section (`spend.enabled`) and Cost Explorer effective rates
 * (`pricing.effectiveRateFromCostExplorer`) need, read-only except the month's
 * forecast, which the digest keeps in the ledger under `FORECAST#` partitions.
 */
import { Aws, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { FORECAST_PARTITION_PREFIX } from '../lib/ledger/spend-forecast-store.js';

/** Cost Explorer reads of the spend section (no resource-level permissions: Resource `*`). */
export const SPEND_COST_EXPLORER_ACTIONS = ['ce:GetCostAndUsage', 'ce:GetCostForecast'] as const;

/**
 * Grants the digest role the spend section's reads: Cost Explorer, and with `unitCosts`
 * the endpoints (list, describe, tags, their configs) and their `Invocations`
 * (`cloudwatch:GetMetricData`); plus `dynamodb:PutItem` of forecast items only.
 */
export function grantSpendSection(role: iam.Role, ledger: dynamodb.ITable, unitCosts: boolean): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'SpendCostExplorerReads', actions: [...SPEND_COST_EXPLORER_ACTIONS], resources: ['*'] }));
  const star = ['ce:GetCostAndUsage', 'ce:GetCostForecast'];
  if (unitCosts) {
    const arn = (type: string) => `arn:${Aws.PARTITION}:sagemaker:*:${Aws.ACCOUNT_ID}:${type}/*`;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'UnitCostListReads', actions: ['sagemaker:ListEndpoints', 'cloudwatch:GetMetricData'], resources: ['*'] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'UnitCostEndpointReads', actions: ['sagemaker:DescribeEndpoint', 'sagemaker:ListTags'], resources: [arn('endpoint')] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'UnitCostConfigReads', actions: ['sagemaker:DescribeEndpointConfig'], resources: [arn('endpoint-config')] }),
    );
    star.push('sagemaker:ListEndpoints', 'cloudwatch:GetMetricData');
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:endpoint/*]',
      reason: 'Unit costs (read only): DescribeEndpoint and ListTags on the endpoints of this account, found at run time in every configured region.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:endpoint-config/*]',
      reason: "Unit costs (read only): DescribeEndpointConfig of the endpoints' configs, found at run time in every configured region.",
    });
  }
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `Spend section (read only): ${star.join(', ')} support no resource-level permissions, so IAM only accepts Resource "*".`,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SpendForecastWrites',
      actions: ['dynamodb:PutItem'],
      resources: [ledger.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${FORECAST_PARTITION_PREFIX}*`] } },
    }),
  );
  ledger.encryptionKey?.grantEncryptDecrypt(role);
}

/**
 * `ce:GetCostAndUsage` for a sweep that prices (`pricing.effectiveRateFromCostExplorer`
 * measures SageMaker and EC2 effective rates in Cost Explorer).
 */
export function grantEffectiveRateReads(role: iam.Role): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'EffectiveRateCostExplorerReads', actions: ['ce:GetCostAndUsage'], resources: ['*'] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'pricing.effectiveRateFromCostExplorer (read only): ce:GetCostAndUsage supports no resource-level permissions, so IAM only accepts Resource "*".',
  });
}
