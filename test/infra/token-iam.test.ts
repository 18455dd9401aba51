/**
 * IAM of Bedrock token showback and the token-spend sweep, on synthesized templates: read
 * only (CloudWatch metrics, inference profiles, their tags, live prices), the tag read
 * scoped to application inference profiles, nothing that writes, and cdk-nag clean with
 * reasons. Bundling is skipped.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { FinOpsAi } from '../../infra/finops-ai.js';

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

function scenario(config: FinOpsConfigInput) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Tokens');
  const finOps = new FinOpsAi(stack, 'FinOps', { config });
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

function statements(s: ReturnType<typeof scenario>, role: IConstruct): { actions: string[]; resource: string }[] {
  const policies = s.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies)
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .map((st) => ({ actions: [st.Action].flat(), resource: JSON.stringify(st.Resource) }));
}

const nagFindings = (scope: IConstruct) =>
  new nag.AwsSolutionsChecks(undefined, { verbose: true })
    .validateScope(scope)
    .violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

let on: ReturnType<typeof scenario>;
let off: ReturnType<typeof scenario>;

beforeAll(() => {
  on = scenario({ digest: { tokenShowback: true }, sweeps: { 'token-spend': { mode: 'apply', dailyCapUsd: 100 } } });
  off = scenario({});
}, 180_000);

describe('token showback and token-spend IAM', () => {
  it('the digest role reads token metrics, profiles and their tags (and live prices) only with digest.tokenShowback', () => {
    const role = on.finOps.digestFunction!.role!;
    const granted = statements(on, role);
    expect(granted).toContainEqual({
      actions: ['cloudwatch:ListMetrics', 'cloudwatch:GetMetricData', 'bedrock:ListInferenceProfiles', 'pricing:GetProducts'],
      resource: '"*"',
    });
    const tags = granted.find((g) => g.actions.includes('bedrock:ListTagsForResource'))!;
    expect(tags.actions).toEqual(['bedrock:ListTagsForResource']);
    expect(tags.resource).toContain(':application-inference-profile/*');
    const offActions = statements(off, off.finOps.digestFunction!.role!).flatMap((g) => g.actions);
    expect(offActions.filter((a) => a.startsWith('bedrock:') || a.startsWith('cloudwatch:'))).toEqual([]);
  });

  it('the token-spend role only reads, even in apply mode (no action)', () => {
    const fn = on.finOps.functions['token-spend']!;
    const actions = statements(on, fn.role!).flatMap((g) => g.actions);
    const sweepActions = actions.filter((a) => /^(bedrock|cloudwatch|pricing):/.test(a)).sort();
    expect(sweepActions).toEqual([
      'bedrock:ListInferenceProfiles',
      'bedrock:ListTagsForResource',
      'cloudwatch:GetMetricData',
      'cloudwatch:ListMetrics',
      'pricing:GetProducts',
    ]);
    expect(actions.filter((a) => a.startsWith('bedrock:') && !/^bedrock:(List|Get)/.test(a))).toEqual([]);
  });

  it('cdk-nag AWS Solutions finds nothing unacknowledged', () => {
    expect(nagFindings(on.stack)).toEqual([]);
  });
});
