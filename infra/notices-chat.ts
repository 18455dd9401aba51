/**
 * Owner notices in chat: AWS Chatbot (Amazon Q Developer in chat applications)
 * channel configurations subscribed to the notices topic, for a Slack channel, a
 * Microsoft Teams channel, or both. The sweeps publish each notice with an AWS
 * Chatbot custom notification for these HTTPS subscriptions (`FINOPS_NOTICES_CHAT`),
 * with the same links as the email.
 *
 * Notifications need no AWS permission: each configuration's role has none, and its
 * guardrail denies everything, so nobody in the channel can run an AWS command
 * through it.
 */
import { Names } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { OwnerActionsChatProps } from './owner-links-props.js';

/** Properties of {@link NoticesChat}. */
export interface NoticesChatProps {
  readonly noticesTopic: sns.ITopic;
  readonly chat: OwnerActionsChatProps;
}

/** The chat channels of the owner notices. */
export class NoticesChat extends Construct {
  /** The Slack channel's configuration, when `chat.slack` is given. */
  readonly slack: chatbot.SlackChannelConfiguration | undefined;
  /** The Teams channel's configuration, when `chat.teams` is given. */
  readonly teams: chatbot.CfnMicrosoftTeamsChannelConfiguration | undefined;

  constructor(scope: Construct, id: string, props: NoticesChatProps) {
    super(scope, id);
    const guardrail = new iam.ManagedPolicy(this, 'Guardrail', {
      description: 'finops-ai notices in chat: notifications only, no AWS action from the channel',
      statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] })],
    });
    const name = (suffix: string) => Names.uniqueResourceName(this, { maxLength: 100, separator: '-' }) + suffix;
    const { slack, teams } = props.chat;
    this.slack = slack
      ? new chatbot.SlackChannelConfiguration(this, 'Slack', {
          slackChannelConfigurationName: name('-slack'),
          slackWorkspaceId: slack.workspaceId,
          slackChannelId: slack.channelId,
          notificationTopics: [props.noticesTopic],
          guardrailPolicies: [guardrail],
        })
      : undefined;
    if (teams) {
      const role = new iam.Role(this, 'TeamsRole', {
        assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
        description: 'finops-ai notices in Microsoft Teams (notifications only: no permission)',
      });
      this.teams = new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        configurationName: name('-teams'),
        iamRoleArn: role.roleArn,
        teamId: teams.teamId,
        teamsChannelId: teams.channelId,
        teamsTenantId: teams.tenantId,
        snsTopicArns: [props.noticesTopic.topicArn],
        guardrailPolicies: [guardrail.managedPolicyArn],
      });
    } else this.teams = undefined;
  }
}
