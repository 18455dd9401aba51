/**
 * Deploys what `ownerActions` asks for, beside the sweeps of {@link FinOpsAi}: the
 * owner-action endpoint ({@link OwnerLinks}) with its URL and signing grant given to
 * the apply-mode sweeps, and the chat channels of the notices ({@link NoticesChat}).
 */
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { FinOpsConfig } from '../lib/config.js';
import { ENV } from '../lib/core/deployment-names.js';
import type { AnySweep } from '../lib/core/sweep.js';
import { NoticesChat } from './notices-chat.js';
import { OwnerLinks } from './owner-links.js';
import type { ResolvedOwnerActions } from './owner-links-props.js';
import type { SweepFunction } from './sweep-function.js';

/** A deployed sweep in apply mode: it sends owner notices. */
export interface NoticingSweep {
  readonly sweep: AnySweep;
  readonly sweepFunction: SweepFunction;
}

/** What {@link deployOwnerActions} needs of the construct. */
export interface OwnerActionsContext {
  readonly config: FinOpsConfig;
  readonly ledger: dynamodb.ITable;
  readonly noticesTopic: sns.ITopic;
  readonly noticing: readonly NoticingSweep[];
  readonly alarmAction: cloudwatch.IAlarmAction;
  readonly logRetention: logs.RetentionDays;
  /** Whether Lambdas reserve concurrency (`reserveConcurrency`): the endpoint's rate limit. */
  readonly reserve: boolean;
}

/** Creates `OwnerLinks` and `NoticesChat` in `scope` as `options` say, and wires the sweeps to them. */
export function deployOwnerActions(
  scope: Construct,
  options: ResolvedOwnerActions,
  c: OwnerActionsContext,
): { ownerLinks: OwnerLinks | undefined; noticesChat: NoticesChat | undefined } {
  let ownerLinks: OwnerLinks | undefined;
  if (options.enabled) {
    ownerLinks = new OwnerLinks(scope, 'OwnerLinks', {
      config: c.config,
      ledger: c.ledger,
      sweeps: c.noticing.flatMap((n) => (n.sweep.action ? [n.sweep] : [])),
      alarmAction: c.alarmAction,
      logRetention: c.logRetention,
      reservedConcurrency: c.reserve ? options.concurrency : undefined,
    });
    for (const { sweepFunction } of c.noticing) {
      sweepFunction.function.addEnvironment(ENV.linksBaseUrl, ownerLinks.url.url);
      sweepFunction.function.addEnvironment(ENV.linksKeyId, ownerLinks.key.keyArn);
      ownerLinks.grantSign(sweepFunction.role);
    }
  }
  let noticesChat: NoticesChat | undefined;
  if (options.chat) {
    noticesChat = new NoticesChat(scope, 'NoticesChat', { noticesTopic: c.noticesTopic, chat: options.chat });
    for (const { sweepFunction } of c.noticing) sweepFunction.function.addEnvironment(ENV.noticesChat, 'true');
  }
  return { ownerLinks, noticesChat };
}
