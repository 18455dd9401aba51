/**
 * The CDK construct, asserted on synthesized templates. Each scenario is
 * synthesized once and shared by its assertions. Only the default scenario really
 * bundles the Lambda with esbuild (about a second); the others skip bundling
 * (`aws:cdk:bundling-stacks: []`), which changes nothing in their templates but the asset hash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type FinOpsConfigInput } from '../../lib/config.js';
import { ConfigError, UnknownSweepError } from '../../lib/core/errors.js';
import { LEDGER_KEYS } from '../../lib/ledger/table-design.js';
import { ENV } from '../../lib/core/deployment-names.js';
import { sweepLambdaConfig } from '../../lib/lambda/bundled-config.js';
import { FinOpsAiStack } from '../../infra/finops-ai-stack.js';
import { FinOpsAi, type FinOpsAiProps } from '../../infra/finops-ai.js';
import { SWEEP_NAMES } from '../../lib/sweeps/registry.js';
import { assetDirOf, bundledConfigIn } from './lambda-asset.js';

/** Every registered sweep switched off. */
const ALL_DISABLED = Object.fromEntries(SWEEP_NAMES.map((name) => [name, { enabled: false }]));
/** Sweeps the default config deploys: all but the budget guard, which needs `budgets.teams`. */
const DEPLOYED_BY_DEFAULT = SWEEP_NAMES.filter((name) => name !== 'budget-guard');

interface Scenario {
  readonly stack: Stack;
  readonly finOps: FinOpsAi;
  readonly template: Template;
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Synthesizes one stack with one FinOpsAi; `before` may add props, `after` may add to the stack. */
function scenario(props: FinOpsAiProps, hooks: { before?: (stack: Stack) => Partial<FinOpsAiProps>; after?: (finOps: FinOpsAi) => void } = {}): Scenario {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const finOps = new FinOpsAi(stack, 'FinOps', { ...props, ...hooks.before?.(stack) });
  hooks.after?.(finOps);
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

/** Every IAM policy statement of the template, `Action` as an array. */
function statements(template: Template): (Statement & { Action: string[] })[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Statement[]).map((s) => ({ ...s, Action: [s.Action].flat() })),
  );
}

/** cdk-nag AWS Solutions findings (errors and warnings) not acknowledged in `scope`. */
function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`);
}

const applyConfig = {
  notices: {
    subscriptions: [
      { email: 'ana@example.com', owners: ['ana@example.com'], events: ['acted'] },
      { email: 'ml-leads@example.com', teams: ['ml', 'research'] },
      { email: 'finops@example.com' },
    ],
  },
  digest: { emails: ['cfo@example.com', 'CFO@example.com'] },
  ops: { alarmEmails: ['oncall@example.com'] },
  sweeps: { 'idle-endpoints': { mode: 'apply', schedule: 'rate(6 hours)' } },
} satisfies FinOpsConfigInput;

let byDefault: Scenario & { stack: FinOpsAiStack; outdir: string };
let applying: Scenario;
let reader: iam.Role;
let volumesApplying: Scenario;

beforeAll(() => {
  const app = new App();
  const stack = new FinOpsAiStack(app, 'Default', { config: {} });
  byDefault = { stack, finOps: stack.finOps, template: Template.fromStack(stack), outdir: app.outdir };
  volumesApplying = scenario({ config: { sweeps: { ...ALL_DISABLED, 'orphan-volumes': { mode: 'apply' } } } });
  applying = scenario(
    { config: applyConfig, lambdaTimeout: Duration.minutes(10), logRetention: logs.RetentionDays.ONE_MONTH },
    {
      after: (finOps) => {
        reader = new iam.Role(finOps, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
        finOps.grantReadLedger(reader);
      },
    },
  );
});

describe('ledger table', () => {
  it('has the keys and the four indexes of LEDGER_KEYS, all projecting ALL', () => {
    const key = (pk: string, sk: string) => [
      { AttributeName: pk, KeyType: 'HASH' },
      { AttributeName: sk, KeyType: 'RANGE' },
    ];
    byDefault.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    byDefault.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: key(LEDGER_KEYS.partitionKey, LEDGER_KEYS.sortKey),
      GlobalSecondaryIndexes: LEDGER_KEYS.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: key(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('is on demand, recoverable, encrypted, protected and retained', () => {
    byDefault.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });
});

describe('sweep Lambda', () => {
  it('runs the idle-endpoints bundle on Node.js 24, arm64, 512 MB, with the default 5-minute timeout', () => {
    expect(Object.keys(byDefault.finOps.functions)).toEqual(DEPLOYED_BY_DEFAULT);
    // One per sweep, plus the weekly digest.
    byDefault.template.resourceCountIs('AWS::Lambda::Function', DEPLOYED_BY_DEFAULT.length + 1);
    byDefault.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 300,
      Handler: 'index.handler',
    });
    applying.template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 600 });
  });

  it('is bundled by esbuild as minified ESM with a source map and the require shim, the AWS SDK left out, its config beside it', () => {
    const [fn] = Object.values(byDefault.template.findResources('AWS::Lambda::Function'));
    const asset = assetDirOf(byDefault.stack, fn!);
    expect(asset.startsWith(byDefault.outdir)).toBe(true);
    const files = readdirSync(asset);
    // The price tables are data beside the bundle (read at the first lookup), not code in it.
    expect(files.sort()).toEqual(['config.json', 'data', 'index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(asset, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire } from 'module';const require = createRequire(import.meta.url);")).toBe(true);
    // Booleans, so that a failure does not print half a megabyte of bundle.
    expect(/export\s*\{[^}]*as handler/.test(code)).toBe(true);
    expect(/from\s*"@aws-sdk\/client-sagemaker"/.test(code)).toBe(true);
    expect(code.split('\n').length).toBeLessThan(code.length / 1000);
  });

  it('gets the deployment in its environment and the validated config (its part) beside its bundle', () => {
    const [fn] = Object.values(applying.template.findResources('AWS::Lambda::Function'));
    const env = fn!.Properties.Environment.Variables as Record<string, unknown>;
    expect(env[ENV.ledgerTable]).toEqual({ Ref: logicalId(applying.finOps.ledger) });
    expect(env[ENV.noticesTopicArn]).toEqual({ Ref: logicalId(applying.finOps.noticesTopic) });
    expect(env[ENV.digestTopicArn]).toEqual({ Ref: logicalId(applying.finOps.digestTopic) });
    expect(env.POWERTOOLS_SERVICE_NAME).toBe('finops-ai');
    expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe('FinOpsAI');
    // The config is no longer an environment variable (4 KB in all): it is a file in the asset.
    expect(Object.keys(env).sort()).toEqual([
      ENV.digestTopicArn,
      ENV.ledgerTable,
      ENV.noticesTopicArn,
      'NODE_OPTIONS',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
    ]);
    const deployed = bundledConfigIn(applying.stack, fn!);
    expect(deployed).toEqual(sweepLambdaConfig(parseConfig(applyConfig), 'idle-endpoints'));
    expect(deployed).toEqual(sweepLambdaConfig(applying.finOps.config, 'idle-endpoints'));
    // Its own section, the shared settings and budgets; no other sweep, no emails.
    expect(Object.keys(deployed.sweeps as object)).toEqual(['idle-endpoints']);
    // Notices: only the languages to send in; the subscriptions' emails stay in the construct.
    expect(deployed.notices).toEqual({ locales: ['en'] });
    expect(JSON.stringify(deployed)).not.toMatch(/@example\./);
    const validated = parseConfig(deployed);
    expect(validated.sweeps['idle-endpoints']).toEqual(applying.finOps.config.sweeps['idle-endpoints']);
    expect({ ...validated, notices: undefined, digest: undefined, ops: undefined, sweeps: undefined }).toEqual({
      ...applying.finOps.config,
      notices: undefined,
      digest: undefined,
      ops: undefined,
      sweeps: undefined,
    });
  });

  it('writes to its own log group with the retention asked for (default three months)', () => {
    byDefault.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    applying.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const [fn] = Object.values(byDefault.template.findResources('AWS::Lambda::Function'));
    const [logGroup] = Object.keys(byDefault.template.findResources('AWS::Logs::LogGroup'));
    expect(fn!.Properties.LoggingConfig.LogGroup).toEqual({ Ref: logGroup });
  });

  it('runs on the configured schedule, with retries and an encrypted TLS-only dead-letter queue', () => {
    byDefault.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 day)' });
    applying.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(6 hours)',
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduleDlq'), 'Arn'] } },
        }),
      ],
    });
    applying.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    applying.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('is not created for a disabled sweep', () => {
    const disabled = new FinOpsAi(new Stack(new App(), 'Off'), 'FinOps', { config: { digest: { enabled: false }, sweeps: ALL_DISABLED } });
    expect(disabled.functions).toEqual({});
    Template.fromStack(Stack.of(disabled)).resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('IAM least privilege', () => {
  it('in report mode (the default) allows the inventory and never DeleteEndpoint', () => {
    const actions = statements(byDefault.template).flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['sagemaker:ListEndpoints', 'sagemaker:DescribeEndpoint', 'cloudwatch:GetMetricData']));
    expect(actions).not.toContain('sagemaker:DeleteEndpoint');
    expect(actions).not.toContain('sagemaker:DescribeModel');
  });

  it('in apply mode allows DeleteEndpoint on endpoint ARNs of this account only', () => {
    // The guard's Deny statements name it too (see iam.test.ts).
    const deletes = statements(applying.template).filter((s) => s.Effect === 'Allow' && s.Action.includes('sagemaker:DeleteEndpoint'));
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:*:', { Ref: 'AWS::AccountId' }, ':endpoint/*']],
    });
  });

  it('orphan volumes: report mode lists volumes only, never DeleteVolume or CreateSnapshot', () => {
    const actions = statements(byDefault.template).flatMap((s) => s.Action);
    expect(actions).toContain('ec2:DescribeVolumes');
    for (const write of ['ec2:DeleteVolume', 'ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:CreateVolume', 'ec2:DescribeSnapshots'])
      expect(actions).not.toContain(write);
  });

  it('orphan volumes: apply mode allows DeleteVolume on volume ARNs of this account only, CreateSnapshot on volumes and snapshots', () => {
    const ec2 = statements(volumesApplying.template).filter((s) => s.Effect === 'Allow' && s.Action.some((a) => a.startsWith('ec2:')));
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    const volumeArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:*:', { Ref: 'AWS::AccountId' }, ':volume/*']] };
    const snapshotArn = arn(':ec2:*::snapshot/*');
    expect(ec2.map((s) => ({ Action: s.Action, Resource: s.Resource }))).toEqual([
      { Action: ['ec2:DescribeVolumes'], Resource: '*' },
      { Action: ['ec2:DescribeSnapshots'], Resource: '*' },
      { Action: ['ec2:CreateSnapshot'], Resource: [volumeArn, snapshotArn] },
      // Tags only on snapshots being created, and only the two marker keys on volumes (issue 19).
      { Action: ['ec2:CreateTags'], Resource: snapshotArn },
      { Action: ['ec2:CreateTags'], Resource: volumeArn },
      { Action: ['ec2:DeleteVolume'], Resource: volumeArn },
    ]);
    expect(ec2.flatMap((s) => s.Action)).not.toContain('ec2:CreateVolume');
    expect(nagFindings(volumesApplying.stack)).toEqual([]);
  });

  it('allows sns:Publish on the notices topic only, with that topic key', () => {
    for (const { template, finOps } of [byDefault, applying]) {
      const publish = statements(template).filter((s) => s.Action.some((a) => a.startsWith('sns:')));
      // One statement per sweep function; the weekly digest's, on the digest topic, last.
      const sweeps = Object.keys(finOps.functions).length;
      expect(publish).toEqual([
        ...Array(sweeps).fill(expect.objectContaining({ Action: ['sns:Publish'], Resource: { Ref: logicalId(finOps.noticesTopic) } })),
        expect.objectContaining({ Action: ['sns:Publish'], Resource: { Ref: logicalId(finOps.digestTopic) } }),
      ]);
      const kms = statements(template).filter((s) => s.Action.some((a) => a.startsWith('kms:')));
      expect(kms).toEqual(
        Array(sweeps + 1).fill(
          expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [logicalId(finOps.topicKey), 'Arn'] } }),
        ),
      );
    }
  });

  it('grants the ledger and the index it queries by name, never index/*', () => {
    // Exactly what the engine calls (issue 19); report mode writes nothing. Per role in iam.test.ts.
    const arn = { 'Fn::GetAtt': [logicalId(byDefault.finOps.ledger), 'Arn'] };
    const ledger = statements(byDefault.template).filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')));
    expect(ledger).toContainEqual(expect.objectContaining({ Action: ['dynamodb:Query'], Resource: { 'Fn::Join': ['', [arn, '/index/openFindings']] } }));
    expect(ledger.flatMap((s) => s.Action)).not.toContain('dynamodb:PutItem');
    const applyLedger = statements(applying.template).filter((s) => s.Action.includes('dynamodb:PutItem'));
    expect(applyLedger.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId(applying.finOps.ledger), 'Arn'] }]);
    expect(JSON.stringify(statements(byDefault.template))).not.toContain('/index/*');
  });

  it('grantReadLedger gives read-only access', () => {
    const policy = applying.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(reader) }] } });
    expect(Object.keys(policy)).toHaveLength(1);
    const actions = Object.values(policy).flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: Statement) => [s.Action].flat()));
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });
});

describe('topics and subscriptions', () => {
  it('creates three KMS-encrypted, TLS-only topics', () => {
    byDefault.template.resourceCountIs('AWS::SNS::Topic', 3);
    byDefault.template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(byDefault.finOps.topicKey), 'Arn'] } });
    byDefault.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    byDefault.template.resourceCountIs('AWS::SNS::TopicPolicy', 3);
    byDefault.template.allResourcesProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('subscribes notice emails with filter policies on only the attributes given', () => {
    const notices = { Ref: logicalId(applying.finOps.noticesTopic) };
    applying.template.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: notices,
      Protocol: 'email',
      Endpoint: 'ana@example.com',
      FilterPolicy: { owner: ['ana@example.com'], event: ['acted'] },
    });
    applying.template.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: notices,
      Endpoint: 'ml-leads@example.com',
      FilterPolicy: { team: ['ml', 'research'] },
    });
    applying.template.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: notices, Endpoint: 'finops@example.com', FilterPolicy: Match.absent() });
  });

  it('subscribes digest and ops emails to their topics (once per address)', () => {
    const digest = applying.template.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: logicalId(applying.finOps.digestTopic) } } });
    expect(Object.values(digest).map((s) => s.Properties.Endpoint)).toEqual(['cfo@example.com']);
    applying.template.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: logicalId(applying.finOps.opsTopic) },
      Endpoint: 'oncall@example.com',
    });
    byDefault.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('alarms', () => {
  it('alarm on errors, throttles, resource errors and the dead-letter queue, all to the ops topic', () => {
    const ops = { Ref: logicalId(byDefault.finOps.opsTopic) };
    const alarms = Object.values(byDefault.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    // Four per sweep function, three for the weekly digest.
    expect(alarms).toHaveLength(4 * DEPLOYED_BY_DEFAULT.length + 3);
    expect(byDefault.finOps.alarms).toHaveLength(4 * DEPLOYED_BY_DEFAULT.length + 3);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([ops]);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    }
    expect(alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort()).toEqual(
      [
        ...['AWS/Lambda/Errors', 'AWS/Lambda/Throttles', 'AWS/SQS/ApproximateNumberOfMessagesVisible', 'FinOpsAI/ResourceErrors'].flatMap((m) =>
          DEPLOYED_BY_DEFAULT.map(() => m),
        ),
        ...['AWS/Lambda/Errors', 'AWS/Lambda/Throttles', 'AWS/SQS/ApproximateNumberOfMessagesVisible'],
      ].sort(),
    );
    expect(alarms.filter((a) => a.MetricName === 'ResourceErrors').map((a) => a.Dimensions)).toEqual(
      DEPLOYED_BY_DEFAULT.map((sweep) => [
        { Name: 'service', Value: 'finops-ai' },
        { Name: 'sweep', Value: sweep },
      ]),
    );
  });

  it('lets CloudWatch alarms of this account publish to the encrypted ops topic', () => {
    byDefault.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(byDefault.finOps.opsTopic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' })]),
      },
    });
    byDefault.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
  });

  it('metricResourceErrors names the sweep and rejects unknown ones', () => {
    const metric = byDefault.finOps.metricResourceErrors('idle-endpoints');
    expect(metric).toMatchObject({ namespace: 'FinOpsAI', metricName: 'ResourceErrors', dimensions: { service: 'finops-ai', sweep: 'idle-endpoints' } });
    expect(() => byDefault.finOps.metricResourceErrors('idle-endpoint')).toThrow(UnknownSweepError);
  });
});

describe('FinOpsAiStack', () => {
  it('outputs the table name and the topic ARNs', () => {
    byDefault.template.hasOutput('LedgerTableName', { Value: { Ref: logicalId(byDefault.finOps.ledger) } });
    byDefault.template.hasOutput('NoticesTopicArn', { Value: { Ref: logicalId(byDefault.finOps.noticesTopic) } });
    byDefault.template.hasOutput('DigestTopicArn', { Value: { Ref: logicalId(byDefault.finOps.digestTopic) } });
    byDefault.template.hasOutput('OpsTopicArn', { Value: { Ref: logicalId(byDefault.finOps.opsTopic) } });
  });

  it('keeps construct ids stable', () => {
    const ids = byDefault.finOps.node.children.map((c) => c.node.id);
    expect(ids).toEqual(expect.arrayContaining(['Ledger', 'TopicKey', 'NoticesTopic', 'DigestTopic', 'OpsTopic', 'Sweep-idle-endpoints']));
  });
});

describe('bring your own ledger table', () => {
  it('creates no table and grants the given one', () => {
    const own = scenario({ config: {} }, { before: (stack) => ({ ledgerTable: dynamodb.Table.fromTableName(stack, 'Existing', 'team-ledger') }) });
    own.template.resourceCountIs('AWS::DynamoDB::Table', 0);
    const [fn] = Object.values(own.template.findResources('AWS::Lambda::Function'));
    expect(fn!.Properties.Environment.Variables[ENV.ledgerTable]).toBe('team-ledger');
    expect(JSON.stringify(statements(own.template))).toContain(':table/team-ledger/index/openFindings');
    expect(nagFindings(own.stack)).toEqual([]);
  });
});

describe('validation at synth', () => {
  const stack = () => new Stack(new App(), 'Invalid');

  it('rejects an invalid config naming the field', () => {
    const create = () => new FinOpsAi(stack(), 'X', { config: { sweeps: { 'idle-endpoints': { gracePeriodHours: -1 } } } });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/sweeps\.idle-endpoints\.gracePeriodHours/);
  });

  it('rejects an unknown field', () => {
    const config = { sweeps: { 'idle-endpoint': {} } } as unknown as FinOpsConfigInput;
    expect(() => new FinOpsAi(stack(), 'X', { config })).toThrow(/unknown field\(s\) "idle-endpoint"/);
  });

  it.each([
    [Duration.minutes(20), 'got 20 minutes'],
    [Duration.minutes(16), 'got 16 minutes'],
    [Duration.millis(500), 'got 500 millis'],
  ])('rejects lambdaTimeout %s, showing the value', (lambdaTimeout, shown) => {
    const create = () => new FinOpsAi(stack(), 'X', { config: {}, lambdaTimeout });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/lambdaTimeout/);
    expect(create).toThrow(shown);
  });

  it('accepts the 15-minute maximum', () => {
    const finOps = new FinOpsAi(stack(), 'X', { config: { sweeps: ALL_DISABLED }, lambdaTimeout: Duration.minutes(15) });
    expect(finOps.functions).toEqual({});
  });

  it('rejects two notice subscriptions of one address (SNS keeps one per address)', () => {
    const config = {
      notices: {
        subscriptions: [
          { email: 'a@example.com', teams: ['ml'] },
          { email: 'A@example.com', events: ['acted'] },
        ],
      },
    } satisfies FinOpsConfigInput;
    expect(() => new FinOpsAi(stack(), 'X', { config })).toThrow(/notices\.subscriptions\.1\.email.*already subscribed by notices\.subscriptions\.0/);
  });

  it('accepts a config larger than the 4 KB Lambda environment (the Lambdas read it from their asset)', () => {
    const emails = Array.from({ length: 200 }, (_, i) => `person-${i}@example.com`);
    const config = { digest: { emails }, sweeps: ALL_DISABLED } satisfies FinOpsConfigInput;
    expect(Buffer.byteLength(JSON.stringify(parseConfig(config)))).toBeGreaterThan(4096);
    const finOps = new FinOpsAi(new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Large'), 'FinOps', { config });
    const template = Template.fromStack(Stack.of(finOps));
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(bundledConfigIn(Stack.of(finOps), fn!)).toEqual(finOps.config);
  });
});

describe('cdk-nag AWS Solutions', () => {
  it('finds nothing unacknowledged, in report and in apply mode', () => {
    expect(nagFindings(byDefault.stack)).toEqual([]);
    expect(nagFindings(applying.stack)).toEqual([]);
  });

  it('acknowledges one finding per entry, each with a reason', () => {
    const acknowledged: Record<string, string> = {};
    for (const construct of applying.stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) Object.assign(acknowledged, entry.data);
      }
    }
    const ids = Object.keys(acknowledged).map((k) => k.replace(/^annotation::/i, ''));
    expect(ids.sort()).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:endpoint/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:endpoint-config/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:model/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:notebook-instance/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:training-job/*]',
        // tag-coverage's reads (Describe, ListTagsForResource, ListRoleTags) on the types it covers
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:processing-job/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*:<AWS::AccountId>:custom-model/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*:<AWS::AccountId>:application-inference-profile/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:inference-component/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*:<AWS::AccountId>:provisioned-model/*]',
        // tag-coverage (apply mode: the tags it copies, on every AI resource type it reads).
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:app/*/*/*/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:domain/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:space/*/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:*:<AWS::AccountId>:user-profile/*/*]',
        'AwsSolutions-SQS3',
        `AwsSolutions-IAM5[Resource::<${logicalId(applying.finOps.digestBucket!)}.Arn>/digests/*]`,
        'AwsSolutions-S1',
      ].sort(),
    );
    for (const reason of Object.values(acknowledged)) expect(reason.length).toBeGreaterThan(40);
  });

  it('fails synth through Validations when a finding is not acknowledged', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad');
    new FinOpsAi(stack, 'FinOps', { config: { sweeps: { 'idle-endpoints': { enabled: false } } } });
    const role = new iam.Role(stack, 'Wide', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
  });
});
