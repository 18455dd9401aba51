import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import type { OwnerNotice } from '../../../lib/core/notice-port.js';
import { chatNotification, MAX_CHAT_RESOURCES } from '../../../lib/notices/chat-notice.js';
import { SnsNotifier } from '../../../lib/notices/sns-notifier.js';
import { pendingFinding } from '../links/links-fixture.js';

const links = [
  { choice: 'keep-7d' as const, url: 'https://links.example/?choice=keep-7d&resource=churn-model-v1&token=a' },
  { choice: 'keep-until' as const, url: 'https://links.example/?choice=keep-until&resource=churn-model-v1&token=b', until: '2027-02-21' },
  { choice: 'act-now' as const, url: 'https://links.example/?choice=act-now&resource=churn-model-v1&token=c' },
];
const notice: OwnerNotice = {
  owner: 'ana@example.com',
  teams: ['risk'],
  sweep: 'idle-endpoints',
  events: ['pending'],
  subject: '[FinOps AI] Idle SageMaker endpoints: 1 scheduled',
  body: 'Hello ana@example.com, ...',
  items: [{ event: 'pending', finding: pendingFinding(), links }],
  locale: 'en',
};

describe('owner notices in chat (AWS Chatbot custom notifications)', () => {
  it('carries the title and, per resource, the same links as the email', () => {
    const chat = JSON.parse(chatNotification(notice)) as {
      version: string;
      source: string;
      content: Record<string, unknown>;
      metadata: Record<string, unknown>;
    };
    expect(chat).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown', title: notice.subject } });
    expect(chat.content.description).toBe(
      [
        'Hello ana@example.com,',
        '• churn-model-v1 (us-east-1) not before 2026-11-24 09:00 UTC: no invocations in the last 7 days',
        '    keep 7 days: https://links.example/?choice=keep-7d&resource=churn-model-v1&token=a',
        '    keep until 2027-02-21: https://links.example/?choice=keep-until&resource=churn-model-v1&token=b',
        '    act now: https://links.example/?choice=act-now&resource=churn-model-v1&token=c',
      ].join('\n'),
    );
    expect(chat.metadata).toMatchObject({ relatedResources: [pendingFinding().arn], additionalContext: { owner: 'ana@example.com', sweep: 'idle-endpoints' } });
    const ja = JSON.parse(chatNotification({ ...notice, locale: 'ja' }, 'Asia/Tokyo')) as { content: { description: string } };
    expect(ja.content.description).toContain('2026/11/24 18:00 JST 以降');
    expect(ja.content.description).toContain('2027-02-21 まで残す: https://links.example/?choice=keep-until');
  });

  it('lists at most 10 resources and counts the rest', () => {
    const many = {
      ...notice,
      items: Array.from({ length: 13 }, (_, i) => ({ event: 'pending' as const, finding: pendingFinding({ resourceId: `ep-${i}` }) })),
    };
    const description = (JSON.parse(chatNotification(many)) as { content: { description: string } }).content.description;
    expect(description.split('\n').filter((l) => l.startsWith('•'))).toHaveLength(MAX_CHAT_RESOURCES);
    expect(description).toContain('... and 3 more in the email notice.');
  });

  it('the notifier publishes one message: text to email, the chat notification to HTTPS (Chatbot) subscriptions', async () => {
    const sent: unknown[] = [];
    const client = { send: async (command: PublishCommand) => sent.push(command.input) } as unknown as SNSClient;
    await new SnsNotifier('arn:aws:sns:us-east-1:1:notices', client, { chat: true }).publish(notice);
    await new SnsNotifier('arn:aws:sns:us-east-1:1:notices', client).publish(notice);
    const [chat, plain] = sent as { Message: string; MessageStructure?: string }[];
    expect(chat!.MessageStructure).toBe('json');
    const structure = JSON.parse(chat!.Message) as Record<string, string>;
    expect(Object.keys(structure)).toEqual(['default', 'email', 'https']);
    expect(structure.default).toBe(notice.body);
    expect(structure.email).toBe(notice.body);
    expect(JSON.parse(structure.https!)).toMatchObject({ source: 'custom' });
    expect(plain).toMatchObject({ Message: notice.body });
    expect(plain!.MessageStructure).toBeUndefined();
  });
});
