import { NotFoundException, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { NoticesTopicNotFoundError } from '../core/errors.js';
import { safeText } from '../format/index.js';
import type { Notifier } from './notifier.js';
import { chatNotification } from './chat-notice.js';
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
 *
 * With `chat`, each message is published with a message structure: the text to
 * email (and every other protocol), and an AWS Chatbot custom notification to HTTPS
 * subscriptions, which is how Chatbot subscribes a Slack or Teams channel.
 */
export class SnsNotifier implements Notifier {
  constructor(
    readonly topicArn: string,
    private readonly client: SNSClient,
    private readonly options: { readonly chat?: boolean; readonly timeZone?: string } = {},
  ) {}

  async publish(notice: OwnerNotice): Promise<void> {
    try {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: safeText(notice.subject, { ascii: true, maxLength: MAX_SUBJECT }),
          ...(this.options.chat
            ? {
                MessageStructure: 'json',
                Message: JSON.stringify({ default: notice.body, email: notice.body, https: chatNotification(notice, this.options.timeZone) }),
              }
            : { Message: notice.body }),
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
