/**
 * The owner-action endpoint in the construct: a KMS HMAC key, a Lambda behind a
 * function URL (auth NONE: the token is the auth) with reserved concurrency as its
 * rate limit, IAM limited to verifying, the ledger's LINK#/RES# items and the tag
 * keys of the resource types the apply-mode sweeps act on; the sweeps get its URL
 * and may sign. Chat channels through AWS Chatbot on the notices topic. cdk-nag clean.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { ConfigError } from '../../lib/core/errors.js';
import { FinOpsAi, type FinOpsAiProps } from '../../infra/finops-ai.js';
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';
import { bundledConfigIn } from './lambda-asset.js';

const ALL_DISABLED = Object.fromEntries(SWEEP_NAMES.map((name) => [name, { enabled: false }]));
const config = {
  ownerActions: { enabled: true },
  sweeps: { ...ALL_DISABLED, 'idle-endpoints': { mode: 'apply' }, 'orphan-volumes': { mode: 'apply' }, 'idle-notebooks': { enabled: true } },
} satisfies FinOpsConfigInput;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

function synth(props: FinOpsAiProps, bundle = false) {
  const app = new App(bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const finOps = new FinOpsAi(stack, 'FinOps', props);
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (stack: Stack, construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as never);

/** The statements of the policies attached to `role` (by logical id). */
function statementsOf(template: Template, roleId: string): (Statement & { Action: string[] })[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).map((s) => ({ ...s, Action: [s.Action].flat() })));
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`);
}

let enabled: ReturnType<typeof synth>;
beforeAll(() => {
  enabled = synth({ config }, true);
});

describe('owner-action endpoint', () => {
  it('is not deployed by default, and notices carry no links', () => {
    const { finOps, template } = synth({ config: { sweeps: { 'idle-endpoints': { mode: 'apply' } } } });
    expect(finOps.ownerLinks).toBeUndefined();
    expect(finOps.config.ownerActions.enabled).toBe(false);
    template.resourceCountIs('AWS::Lambda::Url', 0);
    template.resourceCountIs('AWS::KMS::Key', 1); // the topics' key only
    expect(JSON.stringify(template.findResources('AWS::Lambda::Function'))).not.toContain('FINOPS_LINKS_BASE_URL');
  });

  it('creates a KMS HMAC key and a function URL with auth NONE, rate limited by reserved concurrency', () => {
    const { template, finOps, stack } = enabled;
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalId(stack, finOps.ownerLinks!.function), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('owner-action links'),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: 5,
      Environment: {
        Variables: Match.objectLike({
          FINOPS_LEDGER_TABLE: Match.anyValue(),
          FINOPS_LINKS_KEY_ID: { 'Fn::GetAtt': [logicalId(stack, finOps.ownerLinks!.key), 'Arn'] },
        }),
      },
    });
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(finOps.ownerLinks!.alarms.map((a) => alarms[logicalId(stack, a)]!.Properties.AlarmDescription)).toEqual([
      expect.stringContaining('the Lambda failed'),
      expect.stringContaining('the rate limit (reserved concurrency) was reached'),
      expect.stringContaining('a request failed'),
    ]);
    expect(finOps.alarms).toEqual(expect.arrayContaining([...finOps.ownerLinks!.alarms]));
  });

  it('its role verifies only, writes only LINK# and RES# items, and tags only the swept types with the two tag keys', () => {
    const { template, finOps, stack } = enabled;
    const statements = statementsOf(template, logicalId(stack, finOps.ownerLinks!.role));
    const keyArn = { 'Fn::GetAtt': [logicalId(stack, finOps.ownerLinks!.key), 'Arn'] };
    const actions = statements.flatMap((s) => s.Action).sort();
    expect(actions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'ec2:CreateTags',
      'kms:VerifyMac',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sagemaker:AddTags',
    ]);
    expect(statements.find((s) => s.Action.includes('kms:VerifyMac'))!.Resource).toEqual(keyArn);
    expect(statements.find((s) => s.Action.includes('dynamodb:PutItem'))!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LINK#*', 'RES#*'] },
    });
    const tagKeys = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['finops:snooze-until', 'finops:exempt'] } };
    const sagemaker = statements.find((s) => s.Action.includes('sagemaker:AddTags'))!;
    expect(sagemaker.Condition).toEqual(tagKeys);
    // idle-notebooks runs in report mode: its notebooks are not taggable by link.
    expect(JSON.stringify(sagemaker.Resource)).toContain(':endpoint/*');
    expect(JSON.stringify(sagemaker.Resource)).not.toContain('notebook-instance');
    expect(JSON.stringify(statements.find((s) => s.Action.includes('ec2:CreateTags'))!.Resource)).toContain(':volume/*');
  });

  it('gives the apply-mode sweeps its URL and the right to sign; a report-mode sweep neither', () => {
    const { template, finOps, stack } = enabled;
    const keyArn = { 'Fn::GetAtt': [logicalId(stack, finOps.ownerLinks!.key), 'Arn'] };
    const url = { 'Fn::GetAtt': [logicalId(stack, finOps.ownerLinks!.url), 'FunctionUrl'] };
    const fns = template.findResources('AWS::Lambda::Function');
    const envOf = (name: string) =>
      (fns[logicalId(stack, finOps.functions[name]!)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    for (const name of ['idle-endpoints', 'orphan-volumes']) expect(envOf(name)).toMatchObject({ FINOPS_LINKS_BASE_URL: url, FINOPS_LINKS_KEY_ID: keyArn });
    expect(envOf('idle-notebooks').FINOPS_LINKS_BASE_URL).toBeUndefined();
    const signers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p).includes('kms:GenerateMac'));
    expect(signers).toHaveLength(2);
    for (const p of signers) {
      const statements = p.Properties.PolicyDocument.Statement as Statement[];
      expect(statements.find((st) => st.Action === 'kms:GenerateMac')!.Resource).toEqual(keyArn);
    }
  });

  it('deploys a bundle whose config holds the shared settings and the sweeps’ titles, no sweep', () => {
    const { template, finOps, stack } = enabled;
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack, finOps.ownerLinks!.function)]!;
    const bundled = bundledConfigIn(stack, fn);
    expect(Object.keys(bundled).sort()).toEqual(['aws', 'locale', 'ownerActions', 'sweepLabels', 'tagKeys', 'timeZone']);
    expect(bundled.ownerActions).toEqual({ enabled: true, maxSnoozeDays: 90, allowExempt: false });
    expect((bundled.sweepLabels as Record<string, { title: string }>)['idle-endpoints']!.title).toBe('Idle SageMaker endpoints');
  });

  it('the prop overrides the config, and the rate limit is a prop', () => {
    const { finOps, template } = synth({ config: { sweeps: { 'idle-endpoints': { mode: 'apply' } } }, ownerActions: { enabled: true, concurrency: 2 } });
    expect(finOps.config.ownerActions.enabled).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('owner-action'), ReservedConcurrentExecutions: 2 });
    const off = synth({ config, ownerActions: { enabled: false } });
    expect(off.finOps.ownerLinks).toBeUndefined();
    expect(off.finOps.config.ownerActions.enabled).toBe(false);
  });

  it('has no cdk-nag finding left unacknowledged', () => {
    expect(nagFindings(enabled.stack)).toEqual([]);
  });
});

describe('owner notices in chat', () => {
  const chat = {
    slack: { workspaceId: 'T0123ABCD', channelId: 'C0456EFGH' },
    teams: { teamId: '11111111-2222-3333-4444-555555555555', tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', channelId: '19:abc@thread.tacv2' },
  };

  it('subscribes Slack and Teams channels to the notices topic, with no permission, and tells the sweeps', () => {
    const { template, finOps, stack } = synth({ config, ownerActions: { chat } });
    const topic = { Ref: logicalId(stack, finOps.noticesTopic) };
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0456EFGH',
      SnsTopicArns: [topic],
    });
    template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      TeamId: chat.teams.teamId,
      TeamsTenantId: chat.teams.tenantId,
      TeamsChannelId: chat.teams.channelId,
      SnsTopicArns: [topic],
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } });
    const fns = template.findResources('AWS::Lambda::Function');
    const env = (fns[logicalId(stack, finOps.functions['idle-endpoints']!)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.FINOPS_NOTICES_CHAT).toBe('true');
    expect(nagFindings(stack)).toEqual([]);
  });

  it('refuses ids that cannot be right, naming each prop', () => {
    const bad = { slack: { workspaceId: 'workspace', channelId: '#general' }, teams: { teamId: 'team', tenantId: 'x', channelId: 'a b' } };
    expect(() => synth({ config, ownerActions: { chat: bad, concurrency: 0 } })).toThrow(ConfigError);
    try {
      synth({ config, ownerActions: { chat: bad, concurrency: 0 } });
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.field)).toEqual([
        'ownerActions.concurrency',
        'ownerActions.chat.slack.workspaceId',
        'ownerActions.chat.slack.channelId',
        'ownerActions.chat.teams.teamId',
        'ownerActions.chat.teams.tenantId',
        'ownerActions.chat.teams.channelId',
      ]);
    }
  });
});
