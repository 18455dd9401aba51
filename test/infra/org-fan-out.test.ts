/**
 * The hub of an organization (issue 16), on synthesized templates: with `config.accounts`,
 * each sweep's schedule starts a state machine (ListPairs -> Distributed Map of SweepPair,
 * retried, caught into RecordFailure), the pairs Lambda and the hub roles' IAM, the
 * props' validation, and cdk-nag. Bundling is skipped (`aws:cdk:bundling-stacks: []`).
 */
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { ConfigError } from '../../lib/core/errors.js';
import { pairEventOf } from '../../lib/lambda/pair-event.js';
import { FinOpsAi, type FinOpsAiProps } from '../../infra/finops-ai.js';
import { HUB_ROLE_PATH } from '../../infra/member-role.js';
import { bundledConfigIn } from './lambda-asset.js';

interface Scenario {
  readonly stack: Stack;
  readonly finOps: FinOpsAi;
  readonly template: Template;
}

function scenario(config: FinOpsConfigInput, props: Partial<FinOpsAiProps> = {}): Scenario {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Hub');
  const finOps = new FinOpsAi(stack, 'FinOps', { config, ...props });
  return { stack, finOps, template: Template.fromStack(stack) };
}

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

/** CloudFormation values with `Fn::GetAtt` as `<Id.Attr>`, `Ref` as `<Id>`, joins joined. */
function flat(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flat);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => String(flat(p))).join(sep);
    }
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Ref' in o) return o.Ref === 'AWS::Partition' ? 'aws' : `<${String(o.Ref)}>`;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, flat(v)]));
  }
  return value;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Amazon States Language, read from JSON
type Asl = any;

/** The definition of a sweep's state machine, parsed. */
function definitionOf({ template, finOps }: Scenario, sweep: string): Asl {
  const machine = template.toJSON().Resources[logicalId(finOps.stateMachines[sweep]!)];
  return JSON.parse(String(flat(machine.Properties.DefinitionString)));
}

/** Every policy statement of a role, flattened. */
function statementsOf({ template }: Scenario, role: IConstruct): Asl[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(role) }] } });
  return Object.values(policies).flatMap((p) => flat(p.Properties.PolicyDocument.Statement) as Asl[]);
}

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

const ORG: FinOpsConfigInput = {
  regions: ['us-east-1', 'eu-west-1'],
  accounts: { source: 'organization', organizationalUnits: ['ou-ab12-ml000001'], externalId: 'finops-ai-prod' },
  sweeps: { 'idle-endpoints': { mode: 'apply' } },
};
const LIST: FinOpsConfigInput = { accounts: { source: 'list', ids: ['111122223333', '444455556666'], roleName: 'FinOpsMember' } };

let org: Scenario;
let list: Scenario;

beforeAll(() => {
  org = scenario(ORG, { fanOut: { maxConcurrency: 25, toleratedFailurePercentage: 5 } });
  list = scenario(LIST);
});

describe('the state machine of a sweep', () => {
  it('lists the pairs with the pairs Lambda, then runs a Distributed Map over $.pairs', () => {
    const asl = definitionOf(org, 'idle-endpoints');
    const pairsFn = `<${logicalId(org.finOps.pairsFunction!)}.Arn>`;
    expect(asl.StartAt).toBe('ListPairs');
    expect(asl.States.ListPairs).toMatchObject({ Type: 'Task', Resource: pairsFn, Parameters: { sweep: 'idle-endpoints' }, Next: 'Pairs' });
    expect(asl.States.Pairs).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.pairs',
      MaxConcurrency: 25,
      ToleratedFailurePercentage: 5,
      ResultPath: null,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'SweepPair' },
    });
  });

  it('invokes the sweep Lambda with each pair, retried with backoff on Lambda errors and throttles, then on anything', () => {
    const items = definitionOf(org, 'idle-endpoints').States.Pairs.ItemProcessor.States;
    const sweepFn = `<${logicalId(org.finOps.functions['idle-endpoints']!)}.Arn>`;
    expect(items.SweepPair).toMatchObject({ Type: 'Task', Resource: sweepFn, Parameters: '$', End: true });
    expect(items.SweepPair.Retry).toEqual([
      {
        ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
        IntervalSeconds: 2,
        MaxAttempts: 6,
        BackoffRate: 2,
        JitterStrategy: 'FULL',
      },
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 10, MaxAttempts: 2, BackoffRate: 3, JitterStrategy: 'FULL' },
    ]);
  });

  it('catches a pair that failed every attempt and records it with the sweep Lambda, as { ...pair, failure: { error, cause } }', () => {
    const items = definitionOf(org, 'idle-endpoints').States.Pairs.ItemProcessor.States;
    const sweepFn = `<${logicalId(org.finOps.functions['idle-endpoints']!)}.Arn>`;
    expect(items.SweepPair.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'FailureOf' }]);
    expect(items.FailureOf).toMatchObject({
      Type: 'Pass',
      Parameters: { 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' },
      ResultPath: '$.failure',
    });
    expect(items.FailureOf.Next).toBe('RecordFailure');
    expect(items.RecordFailure).toMatchObject({ Type: 'Task', Resource: sweepFn, Parameters: '$', End: true });
    expect(items.RecordFailure.Retry[0].ErrorEquals).toContain('Lambda.TooManyRequestsException');
    expect(items.RecordFailure.Catch).toBeUndefined();

    // What the sweep Lambda receives after the Catch and the Pass: the event it records as a failure.
    const pair = { sweep: 'idle-endpoints', accountId: '111122223333', accountName: 'ml-sandbox', region: 'eu-west-1' };
    const caught = { ...pair, failure: { Error: 'AccountAccessError', Cause: '{"errorMessage":"AccessDenied"}' } };
    const event = { ...caught, failure: { error: caught.failure.Error, cause: caught.failure.Cause } };
    expect(pairEventOf(event)).toStrictEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      accountName: 'ml-sandbox',
      failure: { error: 'AccountAccessError', cause: '{"errorMessage":"AccessDenied"}' },
    });
  });

  it('defaults to MaxConcurrency 10 and ToleratedFailurePercentage 10, one state machine per enabled sweep', () => {
    const asl = definitionOf(list, 'idle-endpoints');
    expect(asl.States.Pairs).toMatchObject({ MaxConcurrency: 10, ToleratedFailurePercentage: 10 });
    expect(Object.keys(list.finOps.stateMachines).sort()).toEqual(Object.keys(list.finOps.functions).sort());
    list.template.resourceCountIs('AWS::StepFunctions::StateMachine', Object.keys(list.finOps.functions).length);
  });

  it('logs every event without execution data and traces with X-Ray', () => {
    org.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
  });
});

describe('the schedule', () => {
  it('starts the state machine (with a role, retries and the dead-letter queue), not the Lambda', () => {
    const machine = logicalId(org.finOps.stateMachines['idle-endpoints']!);
    const rules = Object.values(org.template.findResources('AWS::Events::Rule')).map((r) => r.Properties.Targets[0]);
    const target = rules.find((t) => t.Arn.Ref === machine);
    expect(target).toMatchObject({ Input: JSON.stringify({ sweep: 'idle-endpoints' }), RetryPolicy: { MaximumRetryAttempts: 2 } });
    expect(target.RoleArn).toBeDefined();
    expect(target.DeadLetterConfig.Arn).toBeDefined();
    for (const t of rules) expect(JSON.stringify(t.Arn)).not.toContain('SweepidleendpointsFunction');
  });

  it('reserves the Map’s concurrency for each sweep Lambda', () => {
    org.template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 25 });
    const fn = org.template.toJSON().Resources[logicalId(org.finOps.functions['idle-endpoints']!)];
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(25);
  });

  it('alarms on failed and timed-out executions to the ops topic', () => {
    const machine = logicalId(org.finOps.stateMachines['idle-endpoints']!);
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      org.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machine } }],
        AlarmActions: [{ Ref: logicalId(org.finOps.opsTopic) }],
      });
    }
  });
});

describe('IAM of the hub', () => {
  it('puts the sweep and pairs roles under the path the member role trusts', () => {
    for (const fn of [org.finOps.functions['idle-endpoints']!, org.finOps.pairsFunction!]) {
      expect(org.template.toJSON().Resources[logicalId(fn.role!)].Properties.Path).toBe(HUB_ROLE_PATH);
    }
  });

  it('organization: sts:AssumeRole on the member role of any account of the hub’s own organization', () => {
    for (const fn of [org.finOps.functions['idle-endpoints']!, org.finOps.pairsFunction!]) {
      expect(statementsOf(org, fn.role!)).toContainEqual({
        Sid: 'AssumeMemberRole',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::*:role/FinOpsAiMember',
        Condition: { StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } },
      });
    }
  });

  it('list: sts:AssumeRole on the listed accounts’ member role only', () => {
    expect(statementsOf(list, list.finOps.functions['idle-endpoints']!.role!)).toContainEqual({
      Sid: 'AssumeMemberRole',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: ['arn:aws:iam::111122223333:role/FinOpsMember', 'arn:aws:iam::444455556666:role/FinOpsMember'],
    });
  });

  it('the pairs Lambda lists the organization’s accounts and OUs (organization only)', () => {
    const actions = (s: Scenario) => statementsOf(s, s.finOps.pairsFunction!.role!).flatMap((st) => [st.Action].flat());
    expect(actions(org)).toEqual(
      expect.arrayContaining([
        'organizations:ListAccounts',
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
        'sts:AssumeRole',
        'ec2:DescribeRegions',
      ]),
    );
    expect(actions(list).filter((a) => a.startsWith('organizations:'))).toEqual([]);
  });

  it('bundles the regions, the AWS settings and the accounts with the pairs Lambda, nothing else', () => {
    const fn = org.template.toJSON().Resources[logicalId(org.finOps.pairsFunction!)];
    expect(Object.keys(bundledConfigIn(org.stack, fn)).sort()).toEqual(['accounts', 'aws', 'regions']);
    expect(bundledConfigIn(org.stack, fn).accounts).toMatchObject({ source: 'organization', externalId: 'finops-ai-prod' });
  });

  it('without accounts: no state machine, no pairs Lambda, no role path', () => {
    const own = scenario({});
    own.template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    expect(own.finOps.pairsFunction).toBeUndefined();
    expect(own.template.toJSON().Resources[logicalId(own.finOps.functions['idle-endpoints']!.role!)].Properties.Path).toBeUndefined();
  });
});

describe('props', () => {
  const fields = (create: () => unknown) => {
    try {
      create();
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((i) => i.field);
      throw error;
    }
    return [];
  };

  it('refuses fanOut without accounts, and a concurrency or tolerance out of range, naming the prop', () => {
    expect(fields(() => scenario({}, { fanOut: { maxConcurrency: 5 } }))).toEqual(['fanOut']);
    expect(fields(() => scenario(LIST, { fanOut: { maxConcurrency: 0, toleratedFailurePercentage: 101 } }))).toEqual([
      'fanOut.maxConcurrency',
      'fanOut.toleratedFailurePercentage',
    ]);
  });
});

describe('cdk-nag AWS Solutions', () => {
  it('has no unacknowledged finding for an organization or a list', () => {
    expect(nagFindings(org.stack)).toEqual([]);
    expect(nagFindings(list.stack)).toEqual([]);
  });
});
