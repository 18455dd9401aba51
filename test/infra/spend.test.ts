/**
 * IAM of the spend section and of Cost Explorer effective rates: with `spend.enabled`
 * the digest role reads Cost Explorer (and, for unit costs, the endpoints and their
 * Invocations) and writes only forecast items of the ledger; with
 * `pricing.effectiveRateFromCostExplorer` the sweeps that price may call
 * `ce:GetCostAndUsage`. Nothing of it without those options; cdk-nag stays clean.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FinOpsAi, type FinOpsAiProps } from '../../infra/finops-ai.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

interface Scenario {
  readonly stack: Stack;
  readonly finOps: FinOpsAi;
  readonly template: Template;
}

function scenario(props: FinOpsAiProps): Scenario {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const finOps = new FinOpsAi(stack, 'FinOps', props);
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

function statementsOf(s: Scenario, role: IConstruct): (Statement & { Action: string[] })[] {
  const policies = s.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).map((st) => ({ ...st, Action: [st.Action].flat() })));
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

let byDefault: Scenario;
let spend: Scenario;
let spendOnly: Scenario;
let rates: Scenario;

beforeAll(() => {
  byDefault = scenario({ config: {} });
  spend = scenario({ config: { spend: { enabled: true } } });
  spendOnly = scenario({ config: { spend: { enabled: true, unitCosts: false } } });
  rates = scenario({ config: { pricing: { effectiveRateFromCostExplorer: true } } });
}, 180_000);

describe('the digest role with spend.enabled', () => {
  it('reads Cost Explorer, the endpoints and their Invocations, and writes only FORECAST# items of the ledger', () => {
    const all = statementsOf(spend, spend.finOps.digestFunction!.role!);
    const ledgerArn = { 'Fn::GetAtt': [logicalId(spend.finOps.ledger), 'Arn'] };
    const sid = (name: string) => all.find((st) => st.Sid === name);
    expect(sid('SpendCostExplorerReads')).toMatchObject({ Effect: 'Allow', Action: ['ce:GetCostAndUsage', 'ce:GetCostForecast'], Resource: '*' });
    expect(sid('UnitCostListReads')).toMatchObject({ Action: ['sagemaker:ListEndpoints', 'cloudwatch:GetMetricData'], Resource: '*' });
    expect(sid('UnitCostEndpointReads')?.Action).toEqual(['sagemaker:DescribeEndpoint', 'sagemaker:ListTags']);
    expect(JSON.stringify(sid('UnitCostEndpointReads')?.Resource)).toContain(':endpoint/*');
    expect(sid('UnitCostConfigReads')?.Action).toEqual(['sagemaker:DescribeEndpointConfig']);
    expect(sid('SpendForecastWrites')).toEqual({
      Sid: 'SpendForecastWrites',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem'],
      Resource: ledgerArn,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FORECAST#*'] } },
    });
    // Read only otherwise: no other write, no Cost Explorer action but the two reads.
    const actions = all.flatMap((st) => st.Action);
    expect(actions.filter((a) => a.startsWith('ce:')).sort()).toEqual(['ce:GetCostAndUsage', 'ce:GetCostForecast']);
    expect(actions.filter((a) => /Put(?!Object|LogEvents)|Update|Delete|Write|Scan|Create(?!LogStream)/.test(a))).toEqual(['dynamodb:PutItem']);
  });

  it('without unit costs: Cost Explorer and the forecast item only', () => {
    const actions = statementsOf(spendOnly, spendOnly.finOps.digestFunction!.role!).flatMap((st) => st.Action);
    expect(actions).toEqual(expect.arrayContaining(['ce:GetCostAndUsage', 'ce:GetCostForecast', 'dynamodb:PutItem']));
    expect(actions.filter((a) => a.startsWith('sagemaker:') || a.startsWith('cloudwatch:'))).toEqual([]);
  });

  it('is not granted by default', () => {
    const actions = statementsOf(byDefault, byDefault.finOps.digestFunction!.role!).flatMap((st) => st.Action);
    expect(actions.filter((a) => a.startsWith('ce:') || a === 'dynamodb:PutItem' || a.startsWith('sagemaker:'))).toEqual([]);
  });
});

describe('sweeps with pricing.effectiveRateFromCostExplorer', () => {
  it('the sweeps that price (declaring priceKeys) may call ce:GetCostAndUsage; by default none may', () => {
    expect(Object.keys(rates.finOps.functions).filter((name) => sweepNamed(name).priceKeys)).toContain('idle-endpoints');
    for (const [name, fn] of Object.entries(rates.finOps.functions)) {
      const ce = statementsOf(rates, fn.role!).filter((st) => st.Action.some((a) => a.startsWith('ce:')));
      const prices = Boolean(sweepNamed(name).priceKeys);
      expect(ce, name).toEqual(prices ? [{ Sid: 'EffectiveRateCostExplorerReads', Effect: 'Allow', Action: ['ce:GetCostAndUsage'], Resource: '*' }] : []);
    }
    for (const fn of Object.values(byDefault.finOps.functions)) {
      expect(
        statementsOf(byDefault, fn.role!)
          .flatMap((st) => st.Action)
          .filter((a) => a.startsWith('ce:')),
      ).toEqual([]);
    }
  });
});

describe('cdk-nag AWS Solutions', () => {
  it('finds nothing unacknowledged with the spend section and effective rates', () => {
    expect(nagFindings(spend.stack)).toEqual([]);
    expect(nagFindings(spendOnly.stack)).toEqual([]);
    expect(nagFindings(rates.stack)).toEqual([]);
  });
});
