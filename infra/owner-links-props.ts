/**
 * The `ownerActions` property of {@link FinOpsAi}: whether the owner-action endpoint
 * is deployed, its rate limit, and the chat channels that get the owner notices.
 * Validated at synth with a {@link ConfigError} naming the prop and the value.
 */
import type { FinOpsConfig } from '../lib/config.js';
import { ConfigError, type ConfigIssue } from '../lib/core/errors.js';

/** A Slack channel (AWS Chatbot must already be authorized in the workspace, once, in the console). */
export interface SlackChannelProps {
  /** The workspace id, e.g. `T0123456789` (Chatbot console, or Slack's URL). */
  readonly workspaceId: string;
  /** The channel id, e.g. `C0123456789` (channel details in Slack). */
  readonly channelId: string;
}

/** A Microsoft Teams channel (AWS Chatbot must already be authorized in the team, once, in the console). */
export interface TeamsChannelProps {
  /** The team id (a GUID, from the channel's link). */
  readonly teamId: string;
  /** The channel id, e.g. `19:abc...@thread.tacv2` (from the channel's link). */
  readonly channelId: string;
  /** The Microsoft Entra tenant id (a GUID). */
  readonly tenantId: string;
}

/** Where owner notices also go: chat channels subscribed to the notices topic through AWS Chatbot. */
export interface OwnerActionsChatProps {
  /** @default - no Slack channel */
  readonly slack?: SlackChannelProps;
  /** @default - no Teams channel */
  readonly teams?: TeamsChannelProps;
}

/** Properties of the owner actions (`FinOpsAiProps.ownerActions`). */
export interface OwnerActionsProps {
  /**
   * Deploy the owner-action endpoint (`OwnerLinks`: a Lambda function URL and its KMS
   * HMAC key) and give the apply-mode sweeps its URL, so every pending notice carries
   * signed one-click links. Overrides `config.ownerActions.enabled` when given.
   * @default - `config.ownerActions.enabled` (false)
   */
  readonly enabled?: boolean;
  /**
   * Requests the endpoint serves at once, reserved for it (and its cap): the rate
   * limit. Requests beyond it are throttled (HTTP 429) and alarmed. Not reserved when
   * `reserveConcurrency` is false.
   * @default 5
   */
  readonly concurrency?: number;
  /**
   * Also deliver the owner notices (with the same links) to Slack or Teams channels
   * through AWS Chatbot, subscribed to the notices topic.
   * @default - email subscriptions only
   */
  readonly chat?: OwnerActionsChatProps;
}

/** The owner-action props with their defaults applied. */
export interface ResolvedOwnerActions {
  readonly enabled: boolean;
  readonly concurrency: number;
  readonly chat: OwnerActionsChatProps | undefined;
}

const SLACK_ID = /^[A-Z0-9]{1,255}$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Applies the defaults and rejects what cannot deploy, every problem at once.
 *
 * @throws ConfigError naming `ownerActions.<field>` and the value it got
 */
export function resolveOwnerActions(path: string, props: OwnerActionsProps | undefined, config: FinOpsConfig): ResolvedOwnerActions {
  const enabled = props?.enabled ?? config.ownerActions.enabled;
  const concurrency = props?.concurrency ?? 5;
  const issues: ConfigIssue[] = [];
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    issues.push({ field: 'ownerActions.concurrency', message: `must be an integer from 1 to 100; got ${concurrency}` });
  }
  const slack = props?.chat?.slack;
  if (slack && !SLACK_ID.test(slack.workspaceId))
    issues.push({ field: 'ownerActions.chat.slack.workspaceId', message: `must be a Slack id such as T0123456789; got "${slack.workspaceId}"` });
  if (slack && !SLACK_ID.test(slack.channelId))
    issues.push({ field: 'ownerActions.chat.slack.channelId', message: `must be a Slack id such as C0123456789; got "${slack.channelId}"` });
  const teams = props?.chat?.teams;
  if (teams && !GUID.test(teams.teamId)) issues.push({ field: 'ownerActions.chat.teams.teamId', message: `must be a GUID; got "${teams.teamId}"` });
  if (teams && !GUID.test(teams.tenantId)) issues.push({ field: 'ownerActions.chat.teams.tenantId', message: `must be a GUID; got "${teams.tenantId}"` });
  if (teams && !/^\S{1,256}$/.test(teams.channelId))
    issues.push({ field: 'ownerActions.chat.teams.channelId', message: `must be a Teams channel id; got "${teams.channelId}"` });
  if (issues.length > 0) throw new ConfigError(issues, `properties of ${path}`);
  const chat = props?.chat;
  return { enabled, concurrency, chat: slack || teams ? chat : undefined };
}
