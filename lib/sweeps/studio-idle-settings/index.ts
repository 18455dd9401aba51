import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { restoreIdleSettings, setIdleSettings, settingsRestoreData, type SettingsRestoreData } from './actions.js';
import { DEFAULT_SCHEDULE, StudioIdleSettingsConfigSchema, type StudioIdleSettingsConfig } from './config.js';
import type { StudioSettingsFacts } from './facts.js';
import { inventoryStudioSettings, RESOURCE_TYPES } from './inventory.js';
import { assessStudioIdleSettings } from './rule.js';

const DOMAIN = 'arn:{partition}:sagemaker:*:{account}:domain/*';
const USER_PROFILE = 'arn:{partition}:sagemaker:*:{account}:user-profile/*/*';
const SPACE = 'arn:{partition}:sagemaker:*:{account}:space/*/*';

/**
 * Recommends idle shutdown for Studio JupyterLab and Code Editor apps where a domain, user
 * profile or space lacks it; with `setIdleSettings` in apply mode, sets it (restorable).
 *
 * Findings carry their level's `resourceType` (`sagemaker:domain`, `sagemaker:user-profile`,
 * `sagemaker:space`); the sweep's `resourceType` lists the three.
 */
export const StudioIdleSettingsSweep = {
  name: 'studio-idle-settings',
  title: 'SageMaker Studio without idle shutdown',
  description: 'finds SageMaker Studio domains, user profiles and spaces without idle shutdown for JupyterLab and Code Editor',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: StudioIdleSettingsConfigSchema,
  resourceType: Object.values(RESOURCE_TYPES).join(','),
  advisory: { decision: 'recommend', event: 'recommendation' },
  wording: {
    verb: 'set idle shutdown on',
    description:
      'turn on idle shutdown for JupyterLab and Code Editor apps where setIdleSettings is on (LifecycleManagement ENABLED with the configured IdleTimeoutInMinutes; apps, spaces and their storage are untouched; restore puts the previous settings back); otherwise it is only recommended',
    done: 'given idle shutdown',
  },
  permissions: {
    inventory: [
      { actions: ['sagemaker:ListDomains', 'sagemaker:ListUserProfiles', 'sagemaker:ListSpaces'], resources: ['*'] },
      { actions: ['sagemaker:DescribeDomain', 'sagemaker:ListTags'], resources: [DOMAIN] },
      { actions: ['sagemaker:DescribeUserProfile', 'sagemaker:ListTags'], resources: [USER_PROFILE] },
      { actions: ['sagemaker:DescribeSpace', 'sagemaker:ListTags'], resources: [SPACE] },
    ],
    act: [
      { actions: ['sagemaker:DescribeDomain', 'sagemaker:UpdateDomain'], resources: [DOMAIN] },
      { actions: ['sagemaker:DescribeUserProfile', 'sagemaker:UpdateUserProfile'], resources: [USER_PROFILE] },
      { actions: ['sagemaker:DescribeSpace', 'sagemaker:UpdateSpace'], resources: [SPACE] },
    ],
    restore: [
      { actions: ['sagemaker:DescribeDomain', 'sagemaker:UpdateDomain'], resources: [DOMAIN] },
      { actions: ['sagemaker:DescribeUserProfile', 'sagemaker:UpdateUserProfile'], resources: [USER_PROFILE] },
      { actions: ['sagemaker:DescribeSpace', 'sagemaker:UpdateSpace'], resources: [SPACE] },
    ],
  },
  inventory: inventoryStudioSettings,
  assess: (candidate, config, _now, memory) => assessStudioIdleSettings(candidate, config, memory),
  action: {
    name: 'set-idle-settings',
    restoreData: settingsRestoreData,
    act: setIdleSettings,
    restore: restoreIdleSettings,
  },
  tagCommand: (ref, key, value) => `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags Key=${key},Value=${value}`,
  docs: 'docs/studio-idle-settings.md',
} as const satisfies SweepDeclaration<StudioSettingsFacts, StudioIdleSettingsConfig, SettingsRestoreData>;
