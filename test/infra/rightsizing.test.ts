/**
 * The rightsizing sweep in the construct: a weekly Lambda whose role can read
 * (never change) endpoints, instances, volumes and metrics, plus the ledger and the
 * notices topic, in report and in apply mode; cdk-nag clean.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import nag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { FinOpsAi } from '../../infra/finops-ai.js';
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

/** The policy statements of the rightsizing function's role only. */
function rightsizingStatements(finOps: FinOpsAi): Statement[] {
  const template = Template.fromStack(Stack.of(finOps));
  const role = Stack.of(finOps).resolve((finOps.functions.rightsizing!.role!.node.defaultChild as iam.CfnRole).ref) as { Ref: string };
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role.Ref))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

function only(mode: 'report' | 'apply'): FinOpsAi {
  const sweeps = Object.fromEntries(SWEEP_NAMES.map((name) => [name, name === 'rightsizing' ? { mode } : { enabled: false }]));
  return new FinOpsAi(new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), `Rightsizing-${mode}`), 'FinOps', { config: { sweeps } });
}

const READ_ONLY = [
  'sagemaker:ListEndpoints',
  'ec2:DescribeInstances',
  'ec2:DescribeVolumes',
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'sagemaker:DescribeEndpoint',
  'sagemaker:ListTags',
  'sagemaker:DescribeEndpointConfig',
];

let report: FinOpsAi;
let apply: FinOpsAi;
beforeAll(() => {
  report = only('report');
  apply = only('apply');
});

describe('rightsizing Lambda', () => {
  it('runs the rightsizing bundle weekly (Monday 06:00 UTC)', () => {
    expect(Object.keys(report.functions)).toEqual(['rightsizing']);
    Template.fromStack(Stack.of(report)).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 ? * MON *)' });
  });

  it.each([
    ['report', () => report],
    ['apply', () => apply],
  ])('in %s mode may read resources and metrics, the ledger and the notices topic, and change nothing else', (_mode, finOps) => {
    const statements = rightsizingStatements(finOps());
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    const sweepActions = actions.filter((a) => /^(sagemaker|ec2|cloudwatch):/.test(a));
    expect(sweepActions.sort()).toEqual([...READ_ONLY].sort());
    // sqs: sending a failed invocation to its failure queue; pricing: the Price List API's one read call (issue 13).
    for (const a of actions) expect(a).toMatch(/^(sagemaker|ec2|cloudwatch|dynamodb|sns|kms|logs|sqs|pricing):/);
    expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
    expect(actions.filter((a) => a.startsWith('pricing:'))).toEqual(['pricing:GetProducts']);
    expect(actions.filter((a) => a.startsWith('sns:'))).toEqual(['sns:Publish']);
    expect(actions.some((a) => /^(sagemaker|ec2):(Create|Delete|Update|Modify|Stop|Start|Terminate|AddTags)/.test(a))).toBe(false);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  it('is cdk-nag clean in both modes', () => {
    for (const finOps of [report, apply]) {
      const result = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(Stack.of(finOps));
      expect(result.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
    }
  });
});
