import { NotFoundException, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { NoticesTopicNotFoundError } from '../core/errors.js';
import { safeText } from '../format/index.js';
import type { Notifier } from './notifier.js';
import { MAX_SUBJECT, type OwnerNotice } from './owner-notice.js';

/**
 * Publishes each owner notice to one SNS topic with message attributes that email
 * subscriptions filter on: `owner`, `sweep` and `locale` (String), `team` and `event`
 * (String.Array, since one message can cover several of each). A topic that does
 * not exist fails with {@link NoticesTopicNotFoundError} naming its ARN.
 *
 * @example Filter policy of a subscription that only wants Ana's shutdown notices:
 * `{ "owner": ["ana@example.com"], "event": ["acted"] }`
 *
 * The subject is checked once more here, whoever composed it: SNS rejects one that
 * is not single-line printable ASCII under 100 characters.
 */
export class SnsNotifier implements Notifier {
  constructor(
    readonly topicArn: string,
    private readonly client: SNSClient,
  ) {}

  async publish(notice: OwnerNotice): Promise<void> {
    try {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: safeText(notice.subject, { ascii: true, maxLength: MAX_SUBJECT }),
          Message: notice.body,
          MessageAttributes: {
            owner: { DataType: 'String', StringValue: notice.owner },
            sweep: { DataType: 'String', StringValue: notice.sweep },
            team: { DataType: 'String.Array', StringValue: JSON.stringify(notice.teams.length ? notice.teams : ['unallocated']) },
            event: { DataType: 'String.Array', StringValue: JSON.stringify(notice.events) },
            locale: { DataType: 'String', StringValue: notice.locale ?? 'en' },
            ...(notice.account ? { account: { DataType: 'String', StringValue: notice.account } } : {}),
          },
        }),
      );
    } catch (error) {
      if (error instanceof NotFoundException) throw new NoticesTopicNotFoundError(this.topicArn, { cause: error });
      throw error;
    }
  }
}
