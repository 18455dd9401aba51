import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { priceKeys } from '../../prices/price-key.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { restoreNotebook, stopNotebook, type NotebookRestoreData } from './actions.js';
import { DEFAULT_SCHEDULE, IdleNotebooksConfigSchema, IdleNotebooksTightenedSchema, type IdleNotebooksConfig } from './config.js';
import type { NotebookFacts } from './facts.js';
import { inventoryNotebooks } from './inventory.js';
import { assessIdleNotebook } from './rule.js';

const NOTEBOOK = 'arn:{partition}:sagemaker:*:{account}:notebook-instance/*';

/** Stops SageMaker notebook instances with no activity for `idleHours`, or outside their tagged schedule. */
export const IdleNotebookSweep = {
  name: 'idle-notebooks',
  title: 'Idle SageMaker notebook instances',
  description: 'finds SageMaker notebook instances left running with no activity',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: IdleNotebooksConfigSchema,
  tightenedSchema: IdleNotebooksTightenedSchema,
  resourceType: 'sagemaker:notebook-instance',
  wording: {
    verb: 'stop',
    description: 'stop the notebook instance (its ML storage volume and data are kept; restore starts it again)',
    done: 'stopped',
  },
  permissions: {
    inventory: [
      { actions: ['sagemaker:ListNotebookInstances', 'cloudtrail:LookupEvents', 'cloudwatch:ListMetrics', 'cloudwatch:GetMetricData'], resources: ['*'] },
      { actions: ['sagemaker:DescribeNotebookInstance', 'sagemaker:ListTags'], resources: [NOTEBOOK] },
      PRICE_LIST_GRANT,
    ],
    act: [{ actions: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StopNotebookInstance'], resources: [NOTEBOOK] }],
    restore: [{ actions: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StartNotebookInstance'], resources: [NOTEBOOK] }],
  },
  inventory: inventoryNotebooks,
  priceKeys: ({ ref, facts }) => [priceKeys.sageMakerNotebook(ref.region, facts.instanceType)],
  assess: (candidate, config, now, _memory, prices) => assessIdleNotebook(candidate, config, now, (region, type) => prices.sageMakerNotebook(region, type)),
  action: {
    name: 'stop-notebook',
    restoreData: ({ ref, facts }) => ({
      notebookName: facts.notebookName,
      notebookArn: ref.arn,
      instanceType: facts.instanceType,
      volumeSizeInGB: facts.volumeSizeInGB,
    }),
    act: stopNotebook,
    restore: restoreNotebook,
  },
  tagCommand: (ref, key, value) => `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags Key=${key},Value=${value}`,
  docs: 'docs/idle-notebooks.md',
} as const satisfies SweepDeclaration<NotebookFacts, IdleNotebooksConfig, NotebookRestoreData>;
