/**
 * The runaway-training sweep in the construct: its Lambda, hourly schedule and a
 * least-privilege role built from the sweep's declared permissions, cdk-nag clean.
 * Bundling is skipped (`aws:cdk:bundling-stacks: []`); the default scenario of
 * finops-ai.test.ts bundles for real.
 */
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { FinOpsAi } from '../../infra/finops-ai.js';
import { bundledConfigIn } from './lambda-asset.js';

interface Statement {
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

/** Only the runaway-training sweep, in the given mode and schedule. */
function scenario(section: NonNullable<NonNullable<FinOpsConfigInput['sweeps']>['runaway-training']>): Scenario {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Training');
  const finOps = new FinOpsAi(stack, 'FinOps', {
    config: {
      digest: { enabled: false },
      sweeps: { ...Object.fromEntries(SWEEP_NAMES.map((name) => [name, { enabled: false }])), 'runaway-training': section },
    },
  });
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

/** The statements of the sweep function's role, `Action` as an array. */
function roleStatements({ finOps, template }: Scenario): (Statement & { Action: string[] })[] {
  const role = finOps.functions['runaway-training']!.role!;
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).map((s) => ({ ...s, Action: [s.Action].flat() })));
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`);
}

const trainingJobArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:*:', { Ref: 'AWS::AccountId' }, ':training-job/*']] };
const sagemakerAndCloudWatch = (statements: (Statement & { Action: string[] })[]) =>
  statements
    .filter((s) => s.Effect === 'Allow' && s.Action.some((a) => a.startsWith('sagemaker:') || a.startsWith('cloudwatch:') || a.startsWith('iam:')))
    .map((s) => ({ Action: s.Action, Resource: s.Resource }));

let reporting: Scenario;
let applying: Scenario;

beforeAll(() => {
  reporting = scenario({});
  applying = scenario({ mode: 'apply', schedule: 'rate(30 minutes)', stop: { teams: ['nlp'] } });
});

describe('runaway-training Lambda', () => {
  it('exists, runs the runaway-training bundle, hourly by default', () => {
    expect(Object.keys(reporting.finOps.functions)).toEqual(['runaway-training']);
    reporting.template.resourceCountIs('AWS::Lambda::Function', 1);
    reporting.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Description: 'finops-ai: Runaway SageMaker training jobs (report mode, rate(1 hour))',
    });
    reporting.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    applying.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 minutes)' });
    const [fn] = Object.values(applying.template.findResources('AWS::Lambda::Function'));
    expect((bundledConfigIn(applying.stack, fn!).sweeps as Record<string, unknown>)['runaway-training']).toMatchObject({
      mode: 'apply',
      stop: { teams: ['nlp'] },
      gracePeriodHours: 4,
    });
  });

  it('report mode: lists, describes and reads metrics; never tags or stops', () => {
    expect(sagemakerAndCloudWatch(roleStatements(reporting))).toEqual([
      { Action: ['sagemaker:ListTrainingJobs', 'cloudwatch:GetMetricData'], Resource: '*' },
      { Action: ['sagemaker:DescribeTrainingJob', 'sagemaker:ListTags'], Resource: trainingJobArn },
    ]);
  });

  it('apply mode adds AddTags and StopTrainingJob on training jobs of this account only; never creates jobs or passes roles', () => {
    const statements = sagemakerAndCloudWatch(roleStatements(applying));
    expect(statements).toEqual([
      { Action: ['sagemaker:ListTrainingJobs', 'cloudwatch:GetMetricData'], Resource: '*' },
      { Action: ['sagemaker:DescribeTrainingJob', 'sagemaker:ListTags'], Resource: trainingJobArn },
      // The runaway tag only (aws:TagKeys), then the stop (issue 19).
      { Action: ['sagemaker:AddTags'], Resource: trainingJobArn },
      { Action: ['sagemaker:StopTrainingJob'], Resource: trainingJobArn },
    ]);
    const actions = statements.flatMap((s) => s.Action);
    for (const never of ['sagemaker:CreateTrainingJob', 'iam:PassRole', 'sagemaker:DeleteEndpoint']) expect(actions).not.toContain(never);
  });

  it('is cdk-nag clean in both modes', () => {
    expect(nagFindings(reporting.stack)).toEqual([]);
    expect(nagFindings(applying.stack)).toEqual([]);
  });
});
