/**
 * A platform team's CDK app with finops-ai in it: the construct from the `finops-ai`
 * package, a finance role that may read the ledger and the weekly reports, and the
 * cdk-nag AWS Solutions checks (an unacknowledged finding fails the synth).
 *
 * In your own app: `npm install finops-ai aws-cdk-lib constructs`.
 */
import { App, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import nag from 'cdk-nag';
import type { Construct } from 'constructs';
import { FinOpsAi } from 'finops-ai';

class PlatformFinOpsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const finops = new FinOpsAi(this, 'FinOps', {
      // Every sweep is report-only: none acts until its section says "mode": "apply".
      config: {
        regions: ['us-east-1'],
        fallbackOwner: 'platform-team@example.com',
        notices: { subscriptions: [{ email: 'platform-team@example.com' }] },
        digest: { emails: ['finance@example.com'] },
        ops: { alarmEmails: ['oncall@example.com'] },
      },
    });
    const finance = new iam.Role(this, 'FinanceAnalyst', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Reads the finops-ai ledger and weekly digest reports',
    });
    finops.grantReadLedger(finance);
    finops.grantReadDigests(finance);
  }
}

const app = new App();
new PlatformFinOpsStack(app, 'PlatformFinOps');
Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app, { verbose: true }));
