/** A ready-to-deploy stack around {@link FinOpsAi}, with the names the CLI needs as outputs. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ENV } from '../lib/core/deployment-names.js';
import { FinOpsAi, type FinOpsAiProps } from './finops-ai.js';

/** Properties of {@link FinOpsAiStack}: a stack's plus the construct's. */
export interface FinOpsAiStackProps extends StackProps, FinOpsAiProps {}

/**
 * One stack with one {@link FinOpsAi} (id `FinOpsAi`). Outputs `LedgerTableName`,
 * `NoticesTopicArn`, `DigestTopicArn` and `OpsTopicArn`: export the first three as
 * `FINOPS_LEDGER_TABLE`, `FINOPS_NOTICES_TOPIC_ARN` and `FINOPS_DIGEST_TOPIC_ARN` to
 * run the CLI against this deployment.
 *
 * @example
 * new FinOpsAiStack(app, 'FinOpsAi', { config: { ops: { alarmEmails: ['oncall@example.com'] } } });
 */
export class FinOpsAiStack extends Stack {
  /** The construct. */
  readonly finOps: FinOpsAi;

  constructor(scope: Construct, id: string, props: FinOpsAiStackProps) {
    super(scope, id, props);
    this.finOps = new FinOpsAi(this, 'FinOpsAi', props);
    new CfnOutput(this, 'LedgerTableName', { value: this.finOps.ledger.tableName, description: `The ledger (${ENV.ledgerTable})` });
    new CfnOutput(this, 'NoticesTopicArn', { value: this.finOps.noticesTopic.topicArn, description: `Owner notices (${ENV.noticesTopicArn})` });
    new CfnOutput(this, 'DigestTopicArn', { value: this.finOps.digestTopic.topicArn, description: `Weekly digest (${ENV.digestTopicArn})` });
    new CfnOutput(this, 'OpsTopicArn', { value: this.finOps.opsTopic.topicArn, description: 'Failure alarms' });
    if (this.finOps.ownerLinks) {
      new CfnOutput(this, 'OwnerLinksUrl', { value: this.finOps.ownerLinks.url.url, description: `Owner-action links (${ENV.linksBaseUrl})` });
    }
    if (this.finOps.digestBucket) {
      new CfnOutput(this, 'DigestBucketName', { value: this.finOps.digestBucket.bucketName, description: `Weekly digest reports (${ENV.digestBucket})` });
    }
  }
}
