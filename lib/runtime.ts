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
