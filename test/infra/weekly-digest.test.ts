/**
 * The weekly digest in the CDK construct: its bucket, its Lambda on the digest
 * schedule, and least privilege (ledger read-only, PutObject under `digests/`,
 * publish to the digest topic). One scenario really bundles the Lambda.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_KEYS } from '../../lib/ledger/table-design.js';
import { ENV } from '../../lib/core/deployment-names.js';
import { FinOpsAiStack } from '../../infra/finops-ai-stack.js';
import { FinOpsAi, type FinOpsAiProps } from '../../infra/finops-ai.js';
import { assetDirOf, bundledConfigIn } from './lambda-asset.js';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

interface Scenario {
  readonly stack: Stack;
  readonly finOps: FinOpsAi;
  readonly template: Template;
  readonly outdir: string;
}

function scenario(props: FinOpsAiProps, options: { bundle?: boolean; withLogs?: boolean } = {}): Scenario {
  const app = new App(options.bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const logs = options.withLogs ? new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED }) : undefined;
  const finOps = new FinOpsAi(stack, 'FinOps', { ...props, ...(logs ? { digestAccessLogsBucket: logs as s3.IBucket } : {}) });
  return { stack, finOps, template: Template.fromStack(stack), outdir: app.outdir };
}

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

/** The statements of the digest role's policy, `Action` as an array. */
function digestStatements(s: Scenario): (Statement & { Action: string[] })[] {
  const role = s.finOps.digestFunction!.role!;
  const policies = s.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).map((st) => ({ ...st, Action: [st.Action].flat() })));
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

let byDefault: Scenario;
let custom: Scenario;
let off: Scenario;

beforeAll(() => {
  byDefault = scenario({ config: {} }, { bundle: true });
  custom = scenario(
    { config: { digest: { schedule: 'cron(30 6 ? * MON *)', retentionDays: 90 }, sweeps: { 'idle-endpoints': { mode: 'apply' } } } },
    { withLogs: true },
  );
  off = scenario({ config: { digest: { enabled: false } } });
}, 180_000);

describe('digest bucket', () => {
  it('is private, S3-encrypted, TLS-only, versioned and retained', () => {
    const bucket = logicalId(byDefault.finOps.digestBucket!);
    byDefault.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    byDefault.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('expires reports after digest.retentionDays (default 400)', () => {
    const rule = (days: number) => ({
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Id: 'ExpireReports',
            Status: 'Enabled',
            ExpirationInDays: days,
            NoncurrentVersionExpiration: { NoncurrentDays: days },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }),
        ],
      },
    });
    byDefault.template.hasResourceProperties('AWS::S3::Bucket', rule(400));
    custom.template.hasResourceProperties('AWS::S3::Bucket', rule(90));
  });

  it('logs access to the bucket given as digestAccessLogsBucket', () => {
    custom.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') }, LogFilePrefix: 'finops-ai-digests/' },
    });
  });

  it('is an output of FinOpsAiStack (DigestBucketName)', () => {
    const stack = new FinOpsAiStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Outputs', { config: {} });
    Template.fromStack(stack).hasOutput('DigestBucketName', { Value: { Ref: logicalId(stack.finOps.digestBucket!) } });
  });
});

describe('weekly digest Lambda', () => {
  it('runs the weekly-digest bundle on Node.js 24 arm64 with the ledger, the digest topic and the bucket', () => {
    const fn = byDefault.template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('weekly savings digest') } });
    expect(Object.keys(fn)).toHaveLength(1);
    const props = Object.values(fn)[0]!.Properties;
    expect(props).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 512, Timeout: 300 });
    const env = props.Environment.Variables as Record<string, unknown>;
    expect(env[ENV.ledgerTable]).toEqual({ Ref: logicalId(byDefault.finOps.ledger) });
    expect(env[ENV.digestTopicArn]).toEqual({ Ref: logicalId(byDefault.finOps.digestTopic) });
    expect(env[ENV.digestBucket]).toEqual({ Ref: logicalId(byDefault.finOps.digestBucket!) });
    expect(env[ENV.noticesTopicArn]).toBeUndefined();
    // The whole config, beside the bundle (the digest reports on every sweep).
    expect(bundledConfigIn(byDefault.stack, Object.values(fn)[0]!)).toEqual(byDefault.finOps.config);
  });

  it('runs on digest.schedule, Monday 08:00 UTC by default, with retries and a dead-letter queue', () => {
    const target = Match.objectLike({
      Arn: { 'Fn::GetAtt': [logicalId(byDefault.finOps.digestFunction!), 'Arn'] },
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
    });
    byDefault.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 8 ? * MON *)', Targets: [target] });
    custom.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 6 ? * MON *)' });
  });

  it('bundles to one ESM file that carries the digest code and leaves the AWS SDK out', () => {
    const fn = Object.values(
      byDefault.template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('weekly savings digest') } }),
    )[0]!;
    const asset = assetDirOf(byDefault.stack, fn);
    // `data/`: the bundled price tables the spend section's unit costs read (data, not code).
    expect(readdirSync(asset).sort()).toEqual(['config.json', 'data', 'index.mjs', 'index.mjs.map']);
    // One ESM file, plus the bundled price tables: token showback prices Bedrock tokens from them.
    expect(readdirSync(asset).sort()).toEqual(['config.json', 'data', 'index.mjs', 'index.mjs.map']);
    expect(readdirSync(join(asset, 'data'))).toContain('bedrock.json');
    const code = readFileSync(join(asset, 'index.mjs'), 'utf8');
    expect(/from\s*"@aws-sdk\/client-s3"/.test(code)).toBe(true);
    expect(code.includes('weekly-savings-chart')).toBe(true);
    // Printed for the README's figures; well under Lambda's limits.
    console.log(`weekly-digest bundle: ${(statSync(join(asset, 'index.mjs')).size / 1024).toFixed(0)} KB`);
  });

  it('is not created when digest.enabled is false', () => {
    expect(off.finOps.digestBucket).toBeUndefined();
    expect(off.finOps.digestFunction).toBeUndefined();
    off.template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(Object.keys(off.template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('digest') } }))).toEqual([]);
  });
});

describe('digest IAM least privilege', () => {
  it('reads the ledger only: Query on the table and the indexes it queries, BatchGetItem on the table', () => {
    for (const s of [byDefault, custom]) {
      const dynamo = digestStatements(s).filter((st) => st.Action.some((a) => a.startsWith('dynamodb:')));
      const table = { 'Fn::GetAtt': [logicalId(s.finOps.ledger), 'Arn'] };
      const index = (name: string) => ({ 'Fn::Join': ['', [table, `/index/${name}`]] });
      // Exactly what the digest calls (issue 19): no GetItem, and only the openFindings and byWeek indexes.
      expect(dynamo).toEqual([
        { Effect: 'Allow', Action: ['dynamodb:BatchGetItem'], Resource: table },
        { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [table, index('openFindings'), index('byWeek')] },
      ]);
      expect(LEDGER_KEYS.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['openFindings', 'byWeek']));
    }
  });

  it('writes objects under digests/ only, publishes to the digest topic only, and nothing else', () => {
    const s = byDefault;
    const bucket = logicalId(s.finOps.digestBucket!);
    const all = digestStatements(s);
    expect(all.find((st) => st.Action.includes('s3:PutObject'))).toEqual({
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/digests/*']] },
    });
    expect(all.find((st) => st.Action.includes('sns:Publish'))).toMatchObject({ Resource: { Ref: logicalId(s.finOps.digestTopic) } });
    expect(all.find((st) => st.Action.some((a) => a.startsWith('kms:')))).toMatchObject({
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': [logicalId(s.finOps.topicKey), 'Arn'] },
    });
    const actions = all.flatMap((st) => st.Action).sort();
    expect(actions).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:PutObject',
        'sns:Publish',
        'sqs:SendMessage',
      ].sort(),
    );
    expect(actions.filter((a) => /Put(?!Object|LogEvents)|Update|Delete|Write|Scan/.test(a))).toEqual([]);
  });

  it('no sweep role may write to the digest bucket or publish the digest', () => {
    const sweepRoles = Object.values(custom.finOps.functions).map((fn) => logicalId(fn.role!));
    const policies = custom.template.findResources('AWS::IAM::Policy');
    const sweepStatements = Object.values(policies)
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => sweepRoles.includes(r.Ref)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(JSON.stringify(sweepStatements)).not.toContain(logicalId(custom.finOps.digestBucket!));
    expect(JSON.stringify(sweepStatements)).not.toContain(logicalId(custom.finOps.digestTopic));
  });
});

describe('cdk-nag AWS Solutions with the digest', () => {
  it('finds nothing unacknowledged, with and without access logs', () => {
    expect(nagFindings(byDefault.stack)).toEqual([]);
    expect(nagFindings(custom.stack)).toEqual([]);
  });

  it('acknowledges the missing access logs only when no logs bucket is given', () => {
    const acknowledged = (scope: IConstruct) =>
      scope.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data as object)));
    expect(acknowledged(byDefault.finOps.digestBucket!).map((k) => k.replace(/^annotation::/i, ''))).toEqual(['AwsSolutions-S1']);
    expect(acknowledged(custom.finOps.digestBucket!)).toEqual([]);
  });
});
