/**
 * IAM as a second line of defence (issue 19), asserted on synthesized templates:
 * the guard's Deny statements and their conditions per apply-mode sweep, the tag
 * keys a tagging action may write, the exact ledger actions per role, aws:SourceAccount
 * on every service principal of the key and topic policies, the on-failure queue and
 * the reserved concurrency. Bundling is skipped (`aws:cdk:bundling-stacks: []`).
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { ACTION_ID_TAG, SNAPSHOT_ID_TAG } from '../../lib/sweeps/orphan-volumes/actions.js';
import { sweepNamed, SWEEPS, SWEEP_NAMES } from '../../lib/sweeps/registry.js';
import { RUNAWAY_TAG } from '../../lib/sweeps/runaway-training/actions.js';
import { FinOpsAi, type FinOpsAiProps } from '../../infra/finops-ai.js';
import { changingActions, GUARD_SIDS } from '../../infra/iam-guard.js';

// A type, not an interface: statements are read from template JSON (`Record<string, unknown>`) and cast.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
type Statement = {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: { Service?: string };
};

interface Scenario {
  readonly stack: Stack;
  readonly finOps: FinOpsAi;
  readonly template: Template;
}

function scenario(config: FinOpsConfigInput, props: Partial<FinOpsAiProps> = {}): Scenario {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Iam');
  const finOps = new FinOpsAi(stack, 'FinOps', { config, ...props });
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
const normalized = (s: Record<string, unknown>): Statement => ({ ...(s as Statement), Action: [s.Action as string | string[]].flat() });

/** The statements of every IAM policy attached to a sweep's (or the digest's) role. */
function roleStatements({ template }: Scenario, fn: { role?: IConstruct | undefined }): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(fn.role!) }] } });
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Record<string, unknown>[]).map(normalized));
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

const APPLY_ALL = Object.fromEntries(SWEEP_NAMES.map((name) => [name, { mode: 'apply' }])) as NonNullable<FinOpsConfigInput['sweeps']>;
const TEAMS = { teams: [{ team: 'nlp', monthlyLimitUsd: 2000 }] };
const exemptDeny = (actions: string[], key = 'finops:exempt') => ({
  Sid: GUARD_SIDS.exempt,
  Effect: 'Deny',
  Action: actions,
  Resource: '*',
  Condition: { StringEqualsIgnoreCase: { [`aws:ResourceTag/${key}`]: 'true' } },
});
const protectedDeny = (actions: string[], key = 'env', values: string[] = ['prod', 'production']) => ({
  Sid: GUARD_SIDS.protected,
  Effect: 'Deny',
  Action: actions,
  Resource: '*',
  Condition: { StringEqualsIgnoreCase: { [`aws:ResourceTag/${key}`]: values } },
});

let report: Scenario;
let apply: Scenario;
let custom: Scenario;

beforeAll(() => {
  report = scenario({ budgets: TEAMS });
  apply = scenario({ budgets: TEAMS, sweeps: APPLY_ALL });
  custom = scenario(
    {
      tagKeys: { exempt: 'Keep', environment: 'Stage' },
      protectedEnvironments: ['Live', 'customer-facing'],
      digest: { enabled: false },
      sweeps: { ...APPLY_ALL, 'orphan-volumes': { mode: 'apply', actOnProtected: true } },
    },
    { reserveConcurrency: false },
  );
});

describe('guard: Deny statements on exempt and protected resources', () => {
  const guardOf = (s: Scenario, sweep: string) => {
    const fn = s.finOps.functions[sweep]!;
    return roleStatements(s, fn).filter((st) => st.Effect === 'Deny');
  };

  it('denies each apply-mode sweep its actions on resources tagged finops:exempt=true or env=prod/production, any case', () => {
    const endpoints = ['sagemaker:DeleteEndpoint', 'sagemaker:UpdateInferenceComponentRuntimeConfig'];
    expect(guardOf(apply, 'idle-endpoints')).toEqual([exemptDeny(endpoints), protectedDeny(endpoints)]);
    const volumes = ['ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:DeleteVolume'];
    expect(guardOf(apply, 'orphan-volumes')).toEqual([exemptDeny(volumes), protectedDeny(volumes)]);
    const training = ['sagemaker:AddTags', 'sagemaker:StopTrainingJob'];
    expect(guardOf(apply, 'runaway-training')).toEqual([exemptDeny(training), protectedDeny(training)]);
  });

  it('derives the denied actions from each declaration: every act action but the reads', () => {
    for (const sweep of SWEEPS) {
      if (!apply.finOps.functions[sweep.name]) continue;
      const declared = (sweep.permissions.act ?? []).flatMap((g) => g.actions);
      const denied = guardOf(apply, sweep.name).flatMap((st) => st.Action);
      for (const action of declared) {
        if (/:(Describe|List|Get)/.test(action)) expect(denied).not.toContain(action);
        else expect(denied).toContain(action);
      }
      expect(changingActions(sweep).length === 0).toBe(denied.length === 0);
    }
  });

  it('gives sweeps without an action (rightsizing, budget guard) and every sweep in report mode no guard', () => {
    expect(guardOf(apply, 'rightsizing')).toEqual([]);
    expect(guardOf(apply, 'budget-guard')).toEqual([]);
    for (const name of Object.keys(report.finOps.functions)) expect(guardOf(report, name)).toEqual([]);
    expect(JSON.stringify(report.template.toJSON())).not.toContain('"Deny","Action":["sagemaker');
  });

  it("uses the config's tag keys and protected environments, and leaves protected environments to a sweep with actOnProtected", () => {
    expect(guardOf(custom, 'idle-endpoints')).toEqual([
      exemptDeny(['sagemaker:DeleteEndpoint', 'sagemaker:UpdateInferenceComponentRuntimeConfig'], 'Keep'),
      protectedDeny(['sagemaker:DeleteEndpoint', 'sagemaker:UpdateInferenceComponentRuntimeConfig'], 'Stage', ['Live', 'customer-facing']),
    ]);
    expect(guardOf(custom, 'orphan-volumes')).toEqual([exemptDeny(['ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:DeleteVolume'], 'Keep')]);
  });

  it('is a separate policy named Guard on the sweep role', () => {
    const fn = apply.finOps.functions['orphan-volumes']!;
    const guards = apply.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(fn.role!) }] } });
    const guard = Object.entries(guards).filter(([id]) => id.includes('Guard'));
    expect(guard).toHaveLength(1);
    expect(guard[0]![1].Properties.PolicyDocument.Statement.every((s: Statement) => s.Effect === 'Deny')).toBe(true);
  });
});

describe('tagging actions write only the tag keys the code writes', () => {
  it('orphan volumes: CreateTags on snapshots only as CreateSnapshot creates them, on volumes only the two marker keys', () => {
    const tagging = roleStatements(apply, apply.finOps.functions['orphan-volumes']!).filter((s) => s.Effect === 'Allow' && s.Action.includes('ec2:CreateTags'));
    expect(tagging.map((s) => s.Condition)).toEqual([
      { StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' } },
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': [SNAPSHOT_ID_TAG, ACTION_ID_TAG] } },
    ]);
    expect(tagging.map((s) => s.Action)).toEqual([['ec2:CreateTags'], ['ec2:CreateTags']]);
    expect(JSON.stringify(tagging[0]!.Resource)).toContain(':snapshot/*');
    expect(JSON.stringify(tagging[1]!.Resource)).toContain(':volume/*');
  });

  it('runaway training: AddTags writes the runaway tag only', () => {
    const tagging = roleStatements(apply, apply.finOps.functions['runaway-training']!).filter(
      (s) => s.Effect === 'Allow' && s.Action.includes('sagemaker:AddTags'),
    );
    expect(tagging).toEqual([
      expect.objectContaining({ Action: ['sagemaker:AddTags'], Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [RUNAWAY_TAG] } } }),
    ]);
  });

  it('tag coverage: the tagging calls write only the required tag keys, as the config sets them', () => {
    const tagging = (sc: Scenario) =>
      roleStatements(sc, sc.finOps.functions['tag-coverage']!)
        .filter((st) => st.Effect === 'Allow' && st.Action.some((a) => /:(AddTags|CreateTags|TagResource)$/.test(a)))
        .map((st) => [st.Action, st.Condition]);
    const only = (keys: string[]) => ({ 'ForAllValues:StringEquals': { 'aws:TagKeys': keys } });
    expect(tagging(apply)).toEqual([
      [['sagemaker:AddTags'], only(['owner', 'team', 'env'])],
      [['ec2:CreateTags'], only(['owner', 'team', 'env'])],
      [['bedrock:TagResource'], only(['owner', 'team', 'env'])],
    ]);
    // The custom scenario's environment key is `Stage`: the default required tags follow it.
    expect(tagging(custom).map(([, condition]) => condition)).toEqual([
      only(['owner', 'team', 'Stage']),
      only(['owner', 'team', 'Stage']),
      only(['owner', 'team', 'Stage']),
    ]);
    expect(tagging(report)).toEqual([]);
  });

  it('no role allows a tagging action without a tag-key or create-action condition', () => {
    for (const s of [apply, custom]) {
      for (const fn of Object.values(s.finOps.functions)) {
        for (const st of roleStatements(s, fn).filter((x) => x.Effect === 'Allow' && x.Action.some((a) => /:(CreateTags|AddTags|TagResource)$/.test(a)))) {
          const keys = Object.values(st.Condition ?? {}).flatMap((c) => Object.keys(c));
          expect(keys.some((k) => k === 'aws:TagKeys' || k === 'ec2:CreateAction')).toBe(true);
        }
      }
    }
  });
});

describe('ledger: exactly the actions the code calls', () => {
  // The price cache's conditional BatchWriteItem (PRICE# items only) is checked on its own below.
  const isPriceCache = (s: Statement) => s.Sid === 'PriceCacheWrites';
  const dynamo = (statements: Statement[]) =>
    statements.filter((s) => !isPriceCache(s) && s.Action.some((a) => a.startsWith('dynamodb:'))).map(({ Action, Resource }) => ({ Action, Resource }));
  const table = (s: Scenario) => ({ 'Fn::GetAtt': [logicalId(s.finOps.ledger), 'Arn'] });
  const index = (s: Scenario, name: string) => ({ 'Fn::Join': ['', [table(s), `/index/${name}`]] });

  it('sweep in report mode: BatchGetItem on the table, Query on openFindings; no write', () => {
    for (const fn of Object.values(report.finOps.functions)) {
      expect(dynamo(roleStatements(report, fn))).toEqual([
        { Action: ['dynamodb:BatchGetItem'], Resource: table(report) },
        { Action: ['dynamodb:Query'], Resource: index(report, 'openFindings') },
      ]);
    }
  });

  it('sweep in apply mode: adds GetItem and PutItem (transactions of puts), and Query of a resource history (reconciling an ambiguous write), on the table', () => {
    for (const fn of Object.values(apply.finOps.functions)) {
      expect(dynamo(roleStatements(apply, fn))).toEqual([
        { Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], Resource: table(apply) },
        { Action: ['dynamodb:Query'], Resource: [table(apply), index(apply, 'openFindings')] },
      ]);
    }
  });

  it('digest: BatchGetItem on the table, Query on the table, openFindings and byWeek', () => {
    expect(dynamo(roleStatements(apply, apply.finOps.digestFunction!))).toEqual([
      { Action: ['dynamodb:BatchGetItem'], Resource: table(apply) },
      { Action: ['dynamodb:Query'], Resource: [table(apply), index(apply, 'openFindings'), index(apply, 'byWeek')] },
    ]);
  });

  it('sweeps that declare price keys may BatchWriteItem only PRICE# items (the live price cache), in both modes', () => {
    for (const s of [report, apply]) {
      for (const [name, fn] of Object.entries(s.finOps.functions)) {
        const cache = roleStatements(s, fn).filter(isPriceCache);
        expect({ name, count: cache.length }).toEqual({ name, count: sweepNamed(name).priceKeys ? 1 : 0 });
        for (const st of cache) {
          expect(st).toMatchObject({ Effect: 'Allow', Action: ['dynamodb:BatchWriteItem'], Resource: table(s) });
          expect(st.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PRICE#*'] } });
        }
      }
    }
  });

  it('no finops-ai role may Scan, UpdateItem, DeleteItem, an unconditioned BatchWriteItem or use a wildcard', () => {
    const all = [...Object.values(apply.finOps.functions), apply.finOps.digestFunction!]
      .flatMap((fn) => roleStatements(apply, fn))
      .filter((s) => !isPriceCache(s))
      .flatMap((s) => s.Action);
    for (const never of [
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
    ]) {
      expect(all).not.toContain(never);
    }
    expect(all.filter((a) => a.startsWith('dynamodb:') && a.includes('*'))).toEqual([]);
  });
});

describe('service principals are confined to this account', () => {
  const servicePrincipalStatements = (s: Scenario) => {
    const json = s.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, { Statement: Record<string, unknown>[] }> }>;
    const documents = Object.entries(json).flatMap(([id, r]) =>
      r.Type === 'AWS::KMS::Key'
        ? [[id, r.Properties.KeyPolicy!] as const]
        : r.Type === 'AWS::SNS::TopicPolicy'
          ? [[id, r.Properties.PolicyDocument!] as const]
          : [],
    );
    return documents.flatMap(([id, doc]) =>
      doc.Statement.map(normalized)
        .filter((st) => st.Principal?.Service)
        .map((st) => ({ id, st })),
    );
  };

  it('every service principal of the key and topic policies has aws:SourceAccount (and aws:SourceArn but on the Budgets key grant)', () => {
    const found = servicePrincipalStatements(apply);
    expect(found.map(({ st }) => st.Principal!.Service).sort()).toEqual([
      'budgets.amazonaws.com',
      'budgets.amazonaws.com',
      'cloudwatch.amazonaws.com',
      'cloudwatch.amazonaws.com',
    ]);
    for (const { id, st } of found) {
      expect(st.Condition?.StringEquals?.['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      // The Budgets key grant (team-budgets.ts) names the account only: AWS Budgets is account-wide.
      if (id.includes('TopicKey') && st.Principal!.Service === 'budgets.amazonaws.com') continue;
      expect(JSON.stringify(st.Condition?.ArnLike?.['aws:SourceArn'] ?? null)).toContain('AWS::AccountId');
    }
  });

  it('the key lets CloudWatch use it for alarms of this account only', () => {
    const key = servicePrincipalStatements(apply).find(({ id, st }) => id.includes('TopicKey') && st.Principal!.Service === 'cloudwatch.amazonaws.com')!.st;
    expect(key.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
        },
      },
    });
  });

  it('the schedule dead-letter queues accept messages only from their own rule (aws:SourceArn names the account)', () => {
    const policies = Object.values(apply.template.findResources('AWS::SQS::QueuePolicy')).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Record<string, unknown>[]).map(normalized),
    );
    const fromEvents = policies.filter((st) => st.Principal?.Service === 'events.amazonaws.com');
    expect(fromEvents).toHaveLength(Object.keys(apply.finOps.functions).length + 1);
    for (const st of fromEvents) expect(Object.keys(st.Condition?.ArnEquals ?? {})).toEqual(['aws:SourceArn']);
  });
});

describe('failure handling', () => {
  const functions = (s: Scenario) => [...Object.values(s.finOps.functions), ...(s.finOps.digestFunction ? [s.finOps.digestFunction] : [])];

  it('sends an invocation that failed its two retries to an encrypted, TLS-only failure queue', () => {
    const configs = Object.values(apply.template.findResources('AWS::Lambda::EventInvokeConfig')).map((c) => c.Properties);
    expect(configs).toHaveLength(functions(apply).length);
    for (const fn of functions(apply)) {
      const config = configs.find((c) => c.FunctionName.Ref === logicalId(fn))!;
      expect(config).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600, Qualifier: '$LATEST' });
      const queue = config.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string;
      expect(queue).toMatch(/FailureQueue/);
      expect(apply.template.toJSON().Resources[queue].Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
      const tls = apply.template.findResources('AWS::SQS::QueuePolicy', { Properties: { Queues: [{ Ref: queue }] } });
      expect(JSON.stringify(tls)).toContain('"aws:SecureTransport":"false"');
      expect(roleStatements(apply, fn)).toContainEqual(
        expect.objectContaining({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': [queue, 'Arn'] } }),
      );
    }
  });

  it('keeps the schedule target dead-letter queue besides', () => {
    for (const fn of functions(apply)) {
      const rule = Object.values(apply.template.findResources('AWS::Events::Rule')).find(
        (r) => r.Properties.Targets[0].Arn['Fn::GetAtt'][0] === logicalId(fn),
      )!;
      expect(rule.Properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/ScheduleDlq/);
    }
  });

  it('reserves a concurrency of 1 for every Lambda by default, none with reserveConcurrency: false', () => {
    const reserved = (s: Scenario) => Object.values(s.template.findResources('AWS::Lambda::Function')).map((f) => f.Properties.ReservedConcurrentExecutions);
    expect(reserved(apply)).toEqual(functions(apply).map(() => 1));
    expect(reserved(report)).toEqual(functions(report).map(() => 1));
    expect(reserved(custom)).toEqual(functions(custom).map(() => undefined));
  });
});

describe('cdk-nag AWS Solutions', () => {
  it('finds nothing unacknowledged with every sweep in apply mode, or with custom tag keys', () => {
    expect(nagFindings(apply.stack)).toEqual([]);
    expect(nagFindings(custom.stack)).toEqual([]);
  });
});
