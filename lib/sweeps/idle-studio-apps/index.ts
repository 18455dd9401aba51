import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { priceKeys, STUDIO_APP_COMPONENTS, type PricedStudioAppType } from '../../prices/price-key.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { deleteStudioApp, restoreStudioApp, type StudioAppRestoreData } from './actions.js';
import { DEFAULT_SCHEDULE, IdleStudioAppsConfigSchema, IdleStudioAppsTightenedSchema, type IdleStudioAppsConfig } from './config.js';
import type { StudioAppFacts } from './facts.js';
import { arnPrefix, ownerArn, parseAppResourceId } from './ids.js';
import { inventoryStudioApps } from './inventory.js';
import { assessIdleStudioApp } from './rule.js';

const APP = 'arn:{partition}:sagemaker:*:{account}:app/*/*/*/*';
const DOMAIN = 'arn:{partition}:sagemaker:*:{account}:domain/*';
const SPACE = 'arn:{partition}:sagemaker:*:{account}:space/*/*';
const USER_PROFILE = 'arn:{partition}:sagemaker:*:{account}:user-profile/*/*';

/** Deletes SageMaker Studio apps left running with no one opening Studio for `maxAppHours`; never a space, profile or domain. */
export const IdleStudioAppSweep = {
  name: 'idle-studio-apps',
  title: 'Idle SageMaker Studio apps',
  description: 'finds SageMaker Studio apps (JupyterLab, Code Editor, KernelGateway, JupyterServer) left running with no activity',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: IdleStudioAppsConfigSchema,
  tightenedSchema: IdleStudioAppsTightenedSchema,
  resourceType: 'sagemaker:app',
  wording: {
    verb: 'delete',
    description: 'delete the Studio app (its space or user profile, their EFS/EBS home and data are kept; restore creates the app again)',
    done: 'deleted',
  },
  permissions: {
    inventory: [
      { actions: ['sagemaker:ListApps', 'sagemaker:ListDomains', 'sagemaker:ListSpaces', 'cloudtrail:LookupEvents'], resources: ['*'] },
      { actions: ['sagemaker:DescribeApp'], resources: [APP] },
      { actions: ['sagemaker:ListTags'], resources: [DOMAIN, SPACE, USER_PROFILE] },
      PRICE_LIST_GRANT,
    ],
    act: [{ actions: ['sagemaker:DescribeApp', 'sagemaker:DeleteApp'], resources: [APP] }],
    restore: [{ actions: ['sagemaker:DescribeApp', 'sagemaker:CreateApp'], resources: [APP] }],
  },
  inventory: inventoryStudioApps,
  priceKeys: ({ ref, facts }) =>
    facts.instanceType && Object.hasOwn(STUDIO_APP_COMPONENTS, facts.appType)
      ? [priceKeys.sageMakerStudio(ref.region, facts.appType as PricedStudioAppType, facts.instanceType)]
      : [],
  assess: (candidate, config, now, _memory, prices) =>
    assessIdleStudioApp(candidate, config, now, (region, app, type) => prices.sageMakerStudio(region, app, type)),
  action: {
    name: 'delete-studio-app',
    restoreData: ({ ref, facts }) => ({
      domainId: facts.domainId,
      ownerKind: facts.owner.kind,
      ownerName: facts.owner.name,
      appType: facts.appType,
      appName: facts.appName,
      appArn: ref.arn,
      creationTime: facts.creationTime,
      resourceSpec: facts.resourceSpec,
    }),
    act: deleteStudioApp,
    restore: restoreStudioApp,
  },
  // Tags go on the space or user profile: they outlive the app, which restore creates anew.
  tagCommand: (ref, key, value) => {
    const app = parseAppResourceId(ref.resourceId);
    const prefix = arnPrefix(ref.arn);
    const target = app && prefix ? ownerArn(prefix, app.domainId, { kind: app.ownerKind, name: app.ownerName }) : ref.arn;
    return `aws sagemaker add-tags --region ${ref.region} --resource-arn ${target} --tags Key=${key},Value=${value}`;
  },
  docs: 'docs/idle-studio-apps.md',
} as const satisfies SweepDeclaration<StudioAppFacts, IdleStudioAppsConfig, StudioAppRestoreData>;
