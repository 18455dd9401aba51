/**
 * The `finops-ai` package: the CDK construct and what a CDK app needs beside it.
 *
 * @example
 * import { FinOpsAi } from 'finops-ai';
 *
 * const finops = new FinOpsAi(this, 'FinOps', { config: { ops: { alarmEmails: ['oncall@example.com'] } } });
 * finops.grantReadLedger(dashboardRole);
 */
export { FinOpsAi } from './finops-ai.js';
export { MAX_LAMBDA_TIMEOUT, type FanOutProps, type FinOpsAiProps } from './finops-ai-props.js';
export { FAN_OUT_DEFAULTS, SweepFanOut, type FanOutSettings, type SweepFanOutProps } from './fan-out.js';
export { FinOpsAiMemberRole, HUB_ROLE_PATH, type FinOpsAiMemberRoleProps } from './member-role.js';
export {
  FinOpsAiMemberStack,
  FinOpsAiMemberStackSet,
  HUB_ACCOUNT_PARAMETER,
  memberTemplateBody,
  type FinOpsAiMemberStackProps,
  type FinOpsAiMemberStackSetProps,
  type FinOpsAiMemberTemplateProps,
} from './member-stack.js';
export { FinOpsAiStack, type FinOpsAiStackProps } from './finops-ai-stack.js';
export { OwnerLinks, type OwnerLinksProps } from './owner-links.js';
export { NoticesChat, type NoticesChatProps } from './notices-chat.js';
export type { OwnerActionsChatProps, OwnerActionsProps, SlackChannelProps, TeamsChannelProps } from './owner-links-props.js';
export { grantLedgerAccess, LedgerTable, type LedgerTableProps } from './ledger-table.js';
export { TeamBudgets, type TeamBudgetsProps } from './team-budgets.js';
export { loadConfigFile, parseConfig, type FinOpsConfig, type FinOpsConfigInput } from '../lib/config.js';
export { ConfigError, FinOpsError, UnknownSweepError, type ConfigIssue } from '../lib/core/errors.js';
export { ENV } from '../lib/core/deployment-names.js';
export { LEDGER_KEYS } from '../lib/ledger/table-design.js';
export { SWEEP_NAMES } from '../lib/sweeps/registry.js';
