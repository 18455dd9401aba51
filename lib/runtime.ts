/**
 * Wiring shared by the Lambda entry points and the CLI: environment variables,
 * clients, ledger and notifier. Nothing sweep-specific lives here, and nothing
 * here looks a sweep up by name: callers pass the sweep (or, to restore, the
 * registry's `sweepNamed`).
 */
export { ENV } from './core/deployment-names.js';
export { deploymentFromEnv, requireApplyDeployment, resolveRegions, type Deployment, type Env } from './runtime/deployment.js';
export { runConfiguredSweep, type ConfiguredRunOptions } from './runtime/run-configured-sweep.js';
export { restoreFromEnv, type RestoreFromEnvOptions } from './runtime/restore-from-env.js';
export { AccountAccess, callerAccountId, type AccountAccessOptions } from './runtime/account-access.js';
export { listSweepPairs, type ListSweepPairsOptions, type SkippedPair, type SweepPair, type SweepPairs } from './runtime/list-sweep-pairs.js';
export { runMap, type MapOptions, type MapRetry } from './runtime/map-runner.js';
export { failureOf, recordPairFailure, runSweepPair, type PairEvent, type PairFailure, type PairOptions, type PairResult } from './runtime/sweep-pair.js';
export { sweepAccounts, type AccountsSweepReport, type SweepAccountsOptions } from './runtime/sweep-accounts.js';
export { DEFAULT_ENABLED_REGIONS, disabledRegions, isOptInRegion } from './runtime/region-enablement.js';
export { assumeMemberRoleGrant, LIST_ACCOUNTS_GRANT, MEMBER_REGION_CHECK_GRANT } from './runtime/organization-permissions.js';
