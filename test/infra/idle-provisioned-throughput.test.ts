/**
 * The idle-provisioned-throughput sweep in the construct: its daily Lambda and a
 * least-privilege role built from the sweep's declared permissions (Bedrock list, get and
 * tag reads, GetMetricData; in apply mode only GetProvisionedModelThroughput and
 * DeleteProvisionedModelThroughput on provisioned models, denied on exempt and protected
 * ones), cdk-nag clean with reasons. Bundling is skipped (`aws:cdk:bundling-stacks: []`).
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';
import { FinOpsAi } from '../../infra/finops-ai.js';
import { GUARD_SIDS } from '../../infra/iam-guard.js';

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

const NAME = 'idle-provisioned-throughput';

function scenario(section: Record<string, unknown>): Scenario {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Throughput');
  const config = {
    digest: { enabled: false },
    sweeps: { ...Object.fromEntries(SWEEP_NAMES.map((name) => [name, { enabled: false }])), [NAME]: section },
  } as FinOpsConfigInput;
  const finOps = new FinOpsAi(stack, 'FinOps', { config });
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

function roleStatements({ finOps, template }: Scenario): (Statement & { Action: string[] })[] {
  const role = finOps.functions[NAME]!.role!;
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).map((s) => ({ ...s, Action: [s.Action].flat() })));
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`);
}

const provisionedModelArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:*:', { Ref: 'AWS::AccountId' }, ':provisioned-model/*']] };
const bedrockAndCloudWatch = (statements: (Statement & { Action: string[] })[]) =>
  statements
    .filter((s) => s.Effect === 'Allow' && s.Action.some((a) => a.startsWith('bedrock:') || a.startsWith('cloudwatch:')))
    .map((s) => ({ Action: s.Action, Resource: s.Resource }));

let reporting: Scenario;
let applying: Scenario;

beforeAll(() => {
  reporting = scenario({});
  applying = scenario({ mode: 'apply' });
});

describe('idle-provisioned-throughput Lambda', () => {
  it('exists, daily by default', () => {
    expect(Object.keys(reporting.finOps.functions)).toEqual([NAME]);
    reporting.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'finops-ai: Idle Bedrock Provisioned Throughput (report mode, rate(1 day))',
    });
    reporting.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 day)' });
  });

  it('report mode: lists, reads metrics, gets and reads tags of provisioned models; never deletes, creates or tags', () => {
    expect(bedrockAndCloudWatch(roleStatements(reporting))).toEqual([
      { Action: ['bedrock:ListProvisionedModelThroughputs', 'cloudwatch:GetMetricData'], Resource: '*' },
      { Action: ['bedrock:GetProvisionedModelThroughput', 'bedrock:ListTagsForResource'], Resource: provisionedModelArn },
    ]);
  });

  it('apply mode adds only DeleteProvisionedModelThroughput on provisioned models, denied on exempt and protected ones; never Create', () => {
    const statements = roleStatements(applying);
    expect(bedrockAndCloudWatch(statements)).toEqual([
      { Action: ['bedrock:ListProvisionedModelThroughputs', 'cloudwatch:GetMetricData'], Resource: '*' },
      { Action: ['bedrock:GetProvisionedModelThroughput', 'bedrock:ListTagsForResource'], Resource: provisionedModelArn },
      { Action: ['bedrock:GetProvisionedModelThroughput', 'bedrock:DeleteProvisionedModelThroughput'], Resource: provisionedModelArn },
    ]);
    const actions = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
    for (const never of ['bedrock:CreateProvisionedModelThroughput', 'bedrock:TagResource', 'bedrock:UpdateProvisionedModelThroughput', 'bedrock:*'])
      expect(actions).not.toContain(never);
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies.map((s) => [s.Sid, s.Action])).toEqual([
      [GUARD_SIDS.exempt, ['bedrock:DeleteProvisionedModelThroughput']],
      [GUARD_SIDS.protected, ['bedrock:DeleteProvisionedModelThroughput']],
    ]);
  });

  it('is cdk-nag clean in both modes, each wildcard acknowledged with its reason', () => {
    expect(nagFindings(reporting.stack)).toEqual([]);
    expect(nagFindings(applying.stack)).toEqual([]);
  });
});
