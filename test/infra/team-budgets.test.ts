/**
 * Team budgets in the CDK construct: one AWS Budget per configured team with its
 * alerts, the ops topic opened to AWS Budgets, and the budget guard's Lambda.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/core/errors.js';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { FinOpsAi } from '../../infra/finops-ai.js';

const config = {
  notices: { subscriptions: [{ email: 'nlp-leads@example.com', teams: ['nlp'] }, { email: 'finops@example.com' }] },
  budgets: {
    teams: [
      {
        team: 'nlp',
        monthlyLimitUsd: 2000,
        services: ['Amazon SageMaker', 'Amazon Bedrock'],
        response: 'tighten',
        tightened: { 'idle-endpoints': { maxInvocations: 100 } },
      },
      { team: 'vision', monthlyLimitUsd: 750.5, warningPercent: 70, forecastPercent: 110, alertEmails: ['vision-lead@example.com'] },
    ],
  },
} satisfies FinOpsConfigInput;

function synth(input: FinOpsConfigInput) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const finOps = new FinOpsAi(stack, 'FinOps', { config: input });
  return { stack, finOps, template: Template.fromStack(stack) };
}

let withTeams: ReturnType<typeof synth>;
beforeAll(() => {
  withTeams = synth(config);
});

describe('team budgets', () => {
  it('creates one monthly COST budget per team, filtered on its cost allocation tag and services', () => {
    withTeams.template.resourceCountIs('AWS::Budgets::Budget', 2);
    withTeams.template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetName: 'finops-ai-nlp',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 2000, Unit: 'USD' },
        CostFilters: { TagKeyValue: ['user:team$nlp'], Service: ['Amazon SageMaker', 'Amazon Bedrock'] },
      },
    });
  });

  it('alerts on actual (default 80%) and forecast (default 100%) spend, to the team emails and the ops topic', () => {
    const ops = withTeams.stack.resolve(withTeams.finOps.opsTopic.topicArn);
    const alert = (type: string, threshold: number, emails: string[]) => ({
      Notification: { NotificationType: type, ComparisonOperator: 'GREATER_THAN', Threshold: threshold, ThresholdType: 'PERCENTAGE' },
      Subscribers: [...emails.map((Address) => ({ SubscriptionType: 'EMAIL', Address })), { SubscriptionType: 'SNS', Address: ops }],
    });
    withTeams.template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetName: 'finops-ai-nlp' }),
      NotificationsWithSubscribers: [alert('ACTUAL', 80, ['nlp-leads@example.com']), alert('FORECASTED', 100, ['nlp-leads@example.com'])],
    });
    withTeams.template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetName: 'finops-ai-vision', BudgetLimit: { Amount: 750.5, Unit: 'USD' } }),
      NotificationsWithSubscribers: [alert('ACTUAL', 70, ['vision-lead@example.com']), alert('FORECASTED', 110, ['vision-lead@example.com'])],
    });
  });

  it('lets AWS Budgets of this account publish to the encrypted ops topic', () => {
    withTeams.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowBudgetAlertsOfThisAccount',
            Principal: { Service: 'budgets.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: Match.anyValue() },
          }),
        ]),
      },
    });
    withTeams.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]),
      },
    });
  });

  it('deploys the budget guard every 6 hours, allowed to read budgets only', () => {
    const guard = withTeams.finOps.functions['budget-guard'];
    expect(guard).toBeDefined();
    withTeams.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
    const statements = Object.values(withTeams.template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('budgets:')));
    // The guard's and the digest's (its budget section): read only, on this account's budgets.
    const viewBudget = ['budgets:ViewBudget', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':budgets::', { Ref: 'AWS::AccountId' }, ':budget/*']] }];
    expect(statements.map((s) => [s.Action, withTeams.stack.resolve(s.Resource)])).toEqual([viewBudget, viewBudget]);
  });

  it('has no budget, no budget guard and no topic grant without teams', () => {
    const { template, finOps } = synth({});
    template.resourceCountIs('AWS::Budgets::Budget', 0);
    expect(finOps.functions['budget-guard']).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('budgets.amazonaws.com');
  });

  it('is cdk-nag (AwsSolutions) clean', () => {
    const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(withTeams.stack);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('fails the synth naming the wrong team field', () => {
    const fails = (teams: unknown[]) => () => synth({ budgets: { teams } } as FinOpsConfigInput);
    expect(fails([{ team: 'nlp', monthlyLimitUsd: -5 }])).toThrow(ConfigError);
    expect(fails([{ team: 'nlp', monthlyLimitUsd: -5 }])).toThrow(/budgets\.teams\.0\.monthlyLimitUsd/);
    expect(fails([{ team: 'ml/vision', monthlyLimitUsd: 5 }])).toThrow(/budgets\.teams\.0\.team: must be letters/);
    expect(fails([{ team: 'nlp', monthlyLimitUsd: 5, response: 'tighten' }])).toThrow(/budgets\.teams\.0\.tightened: response "tighten" needs/);
  });
});
