/**
 * The construct's public API beyond its resources: the package entry, the grant
 * methods and the validation of props at synth (bundling skipped: nothing here
 * depends on the Lambda code).
 */
import { App, Duration, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import * as entry from '../../infra/index.js';
import { FinOpsAi } from '../../infra/finops-ai.js';
import { ConfigError } from '../../lib/core/errors.js';
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';

const ALL_DISABLED = Object.fromEntries(SWEEP_NAMES.map((name) => [name, { enabled: false }]));
const newStack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The statements of `role`'s policies in the template. */
function statementsOf(template: Template, role: iam.Role): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

describe("the package's entry (import { FinOpsAi } from 'finops-ai')", () => {
  it('exports the construct, the bundled stack, the ledger table and the config helpers', () => {
    expect(entry.FinOpsAi).toBe(FinOpsAi);
    for (const name of [
      'FinOpsAiStack',
      'LedgerTable',
      'grantLedgerAccess',
      'TeamBudgets',
      'parseConfig',
      'loadConfigFile',
      'ConfigError',
      'ENV',
      'LEDGER_KEYS',
      'SWEEP_NAMES',
    ]) {
      expect(entry, name).toHaveProperty(name);
    }
  });
});

describe('grantReadDigests', () => {
  const stack = newStack();
  const finOps = new FinOpsAi(stack, 'FinOps', { config: { sweeps: ALL_DISABLED } });
  const reader = new iam.Role(stack, 'Finance', { assumedBy: new iam.AccountRootPrincipal() });
  const grant = finOps.grantReadDigests(reader);
  finOps.grantReadLedger(reader);
  const template = Template.fromStack(stack);

  it('allows reading and listing the digests/ prefix only, never writing or deleting', () => {
    expect(grant.success).toBe(true);
    if (!finOps.digestBucket) throw new Error('no digest bucket');
    const bucket = logicalId(finOps.digestBucket);
    const s3Statements = statementsOf(template, reader).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3Statements).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/digests/*']] } },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [bucket, 'Arn'] }, Condition: { StringLike: { 's3:prefix': ['digests/*'] } } },
    ]);
  });

  it('leaves no cdk-nag finding: the one wildcard (report keys by week) is acknowledged on the grantee', () => {
    expect(nagFindings(stack)).toEqual([]);
  });

  it('fails naming config.digest.enabled when there is no digest bucket', () => {
    const noDigest = new FinOpsAi(newStack(), 'FinOps', { config: { digest: { enabled: false }, sweeps: ALL_DISABLED } });
    const role = new iam.Role(Stack.of(noDigest), 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => noDigest.grantReadDigests(role)).toThrow(ConfigError);
    expect(() => noDigest.grantReadDigests(role)).toThrow(/config\.digest\.enabled: is false/);
  });
});

describe('props validated at synth, naming the prop and the value', () => {
  it('rejects a logRetention CloudWatch Logs does not accept', () => {
    const create = () => new FinOpsAi(newStack(), 'X', { config: { sweeps: ALL_DISABLED }, logRetention: 45 as unknown as logs.RetentionDays });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/logRetention: must be one of logs\.RetentionDays .*; got 45/);
  });

  it('rejects digestAccessLogsBucket when the digest is disabled', () => {
    const stack = newStack();
    const logsBucket = new s3.Bucket(stack, 'AccessLogs');
    const create = () =>
      new FinOpsAi(stack, 'X', { config: { digest: { enabled: false }, sweeps: ALL_DISABLED }, digestAccessLogsBucket: logsBucket as s3.IBucket });
    expect(create).toThrow(/digestAccessLogsBucket: is given, but config\.digest\.enabled is false/);
  });

  it('reports every problem at once, under the construct path', () => {
    const create = () =>
      new FinOpsAi(newStack(), 'X', { config: { sweeps: ALL_DISABLED }, lambdaTimeout: Duration.hours(1), logRetention: 2 as unknown as logs.RetentionDays });
    expect(create).toThrow(/^Invalid properties of Test\/X:\n {2}- lambdaTimeout: .*got 1 hour\n {2}- logRetention: .*got 2$/);
  });
});

describe('owner notices in several languages', () => {
  it('with more than one notice language, each subscription filters on its own locale', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Locales');
    new FinOpsAi(stack, 'FinOps', {
      config: {
        locale: 'en',
        notices: { subscriptions: [{ email: 'ana@example.com' }, { email: 'kenji@example.com', locale: 'ja' }] },
        digest: { enabled: false },
        sweeps: ALL_DISABLED,
      },
    });
    const subscriptions = Template.fromStack(stack).findResources('AWS::SNS::Subscription');
    const policies = Object.values(subscriptions).map((s) => [s.Properties.Endpoint, s.Properties.FilterPolicy?.locale]);
    expect(policies).toEqual(
      expect.arrayContaining([
        ['ana@example.com', ['en']],
        ['kenji@example.com', ['ja']],
      ]),
    );
  });
});
