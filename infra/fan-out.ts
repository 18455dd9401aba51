/**
 * A sweep over an organization on AWS Step Functions, when `config.accounts` is set:
 * one state machine per sweep, started by the sweep's schedule.
 *
 * `ListPairs` (the pairs Lambda, `{ sweep }` -> `{ pairs, skipped }`) -> `Pairs`, a
 * Distributed Map over `$.pairs` (at most `maxConcurrency` at once) whose item
 * processor invokes the sweep Lambda with the pair (`{ sweep, accountId, accountName?,
 * region }`). A pair that fails is retried with backoff (Lambda's service errors and
 * throttles 6 times from 2 s, anything else twice from 10 s), then caught: `FailureOf`
 * turns the `Catch`'s `{ Error, Cause }` into `failure: { error, cause }` and
 * `RecordFailure` invokes the sweep Lambda with `{ ...pair, failure }`, which records a
 * failed run of that pair. A failed pair never stops the others; the Map fails only
 * when more than `toleratedFailurePercentage` of its items fail even that way.
 */
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct, type IConstruct } from 'constructs';
import { ALARM_PERIOD } from './scheduled-lambda.js';

/** The Map's settings (`FinOpsAiProps.fanOut`), defaults applied. */
export interface FanOutSettings {
  /** Pairs swept at once (the Map's `MaxConcurrency`). */
  readonly maxConcurrency: number;
  /** Percentage of the Map's items that may fail (after their `Catch`) before the execution fails. */
  readonly toleratedFailurePercentage: number;
}

/** The defaults of `FinOpsAiProps.fanOut`. */
export const FAN_OUT_DEFAULTS: FanOutSettings = { maxConcurrency: 10, toleratedFailurePercentage: 10 };

/** Lambda's own transient errors: retried often, quickly. */
const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/** Properties of {@link SweepFanOut}. */
export interface SweepFanOutProps extends FanOutSettings {
  readonly sweep: string;
  /** The sweep's Lambda (takes a pair event, or a pair with its failure). */
  readonly sweepFunction: lambda.IFunction;
  /** The pairs Lambda. */
  readonly pairsFunction: lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
  readonly alarmAction: cloudwatch.IAlarmAction;
}

/** One sweep's state machine (see the module comment), its log group and alarms. */
export class SweepFanOut extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Executions failed or timed out. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SweepFanOutProps) {
    super(scope, id);
    const listPairs = new tasks.LambdaInvoke(this, 'ListPairs', {
      comment: 'The (account, region) pairs of the sweep, and those skipped with why',
      lambdaFunction: props.pairsFunction,
      payload: sfn.TaskInput.fromObject({ sweep: props.sweep }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    retryLambda(listPairs);

    const pairResult = { 'accountId.$': '$.accountId', 'region.$': '$.region', 'status.$': '$.status', 'errors.$': '$.errors' };
    const sweepPair = new tasks.LambdaInvoke(this, 'SweepPair', {
      comment: 'Sweeps one region of one account through its member role',
      lambdaFunction: props.sweepFunction,
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultSelector: pairResult,
    });
    retryLambda(sweepPair);
    sweepPair.addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(10), maxAttempts: 2, backoffRate: 3, jitterStrategy: sfn.JitterType.FULL });

    const failureOf = new sfn.Pass(this, 'FailureOf', {
      comment: "The Catch's Error and Cause as the sweep Lambda reads them",
      parameters: { 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' },
      resultPath: '$.failure',
    });
    const recordFailure = new tasks.LambdaInvoke(this, 'RecordFailure', {
      comment: "Records the pair's failed run (apply mode) for the digest's trust signals",
      lambdaFunction: props.sweepFunction,
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultSelector: pairResult,
    });
    retryLambda(recordFailure);
    sweepPair.addCatch(failureOf.next(recordFailure), { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

    const pairs = new sfn.DistributedMap(this, 'Pairs', {
      comment: 'Every pair, each its own child execution',
      itemsPath: '$.pairs',
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentage: props.toleratedFailurePercentage,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      // The pairs' results are in the sweep Lambda's logs and the ledger; the output keeps `skipped`.
      resultPath: sfn.JsonPath.DISCARD,
    });
    pairs.itemProcessor(sweepPair);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: `finops-ai sweep ${props.sweep} over every (account, region) pair`,
      definitionBody: sfn.DefinitionBody.fromChainable(listPairs.next(pairs)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    acknowledgeStateMachineFindings(this.stateMachine, [props.sweepFunction, props.pairsFunction]);

    const alarm = (alarmId: string, metric: cloudwatch.IMetric, what: string) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `finops-ai sweep ${props.sweep} state machine: ${what}.`,
        metric,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(props.alarmAction);
      return a;
    };
    this.alarms = [
      alarm(
        'ExecutionsFailedAlarm',
        this.stateMachine.metricFailed({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        'an execution failed (listing the pairs failed, or more pairs than tolerated failed even to be recorded)',
      ),
      alarm('ExecutionsTimedOutAlarm', this.stateMachine.metricTimedOut({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), 'an execution timed out'),
    ];
  }
}

/**
 * The cdk-nag findings of the wildcards CDK grants a state machine with a Distributed
 * Map, Lambda tasks, logging and tracing, each with why it cannot be narrower.
 */
function acknowledgeStateMachineFindings(stateMachine: sfn.StateMachine, functions: readonly lambda.IFunction[]): void {
  const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);
  const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(stateMachine)}"}]}]}`;
  Validations.of(stateMachine).acknowledge(
    ...functions.map((fn) => ({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
      reason: 'lambda:InvokeFunction on this one function and its versions and aliases (the ":*" CDK grants beside the function ARN).',
    })),
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs delivery (logs:CreateLogDelivery, ...) and X-Ray (xray:PutTraceSegments, ...) for the state machine support no resource-level permissions.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${executions}:*]`,
      reason: "The Distributed Map describes and stops this state machine's own executions, whose names are generated at run time.",
    },
    {
      id: `AwsSolutions-IAM5[Resource::${executions}/*:*]`,
      reason: "Redriving this state machine's own Map Runs (child executions), whose names are generated at run time.",
    },
  );
}

/** Retries Lambda's service errors and throttles with exponential backoff and jitter. */
function retryLambda(task: tasks.LambdaInvoke): void {
  task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
}
