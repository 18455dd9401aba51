/**
 * The bundled CDK app: `npx cdk deploy -c config=finops.json` (or
 * `FINOPS_CONFIG_FILE=finops.json`; neither deploys every default, which is
 * report-only, see {@link readAppConfig}). `-c nag=true` runs the cdk-nag AWS
 * Solutions checks during synth (any unacknowledged finding fails it);
 * `-c stackName=...` renames the stack (default `FinOpsAi`). Account and region come
 * from the CLI's `CDK_DEFAULT_ACCOUNT` / `CDK_DEFAULT_REGION`.
 */
import { App, Validations } from 'aws-cdk-lib';
import nag from 'cdk-nag';
import { ConfigError } from '../lib/core/errors.js';
import { CONFIG_CONTEXT_KEY, CONFIG_FILE_ENV, readAppConfig } from './app-config.js';
import { FinOpsAiStack } from './finops-ai-stack.js';

const app = new App();
const configFile = (app.node.tryGetContext(CONFIG_CONTEXT_KEY) as string | undefined) ?? process.env[CONFIG_FILE_ENV];
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? 'FinOpsAi';

try {
  new FinOpsAiStack(app, stackName, {
    config: readAppConfig(configFile),
    description: 'finops-ai: scheduled sweeps that find and safely remove AI waste',
    env: {
      ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
      ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
    },
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A config mistake is the user's, not a crash: print what is wrong, no stack trace.
  console.error(error.message);
  process.exit(1);
}

const nagContext: unknown = app.node.tryGetContext('nag');
if (nagContext === true || nagContext === 'true') {
  Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app, { verbose: true }));
}
