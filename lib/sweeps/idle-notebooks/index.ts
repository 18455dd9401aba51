import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { restoreNotebook, stopNotebook, type NotebookRestoreData } from './actions.js';
import { DEFAULT_SCHEDULE, IdleNotebooksConfigSchema, IdleNotebooksTightenedSchema, type IdleNotebooksConfig } from './config.js';
import type { NotebookFacts } from './facts.js';
import { inventoryNotebooks } from './inventory.js';
import { assessIdleNotebook, type NotebookPriceLookup } from './rule.js';

const NOTEBOOK = 'arn:{partition}:sagemaker:*:{account}:notebook-instance/*';

/**
 * The run's book (`PriceBookPort`, the fifth argument of `assess`) has no SageMaker
 * notebook lookup and the bundled tables no notebook prices yet, so the sweep declares
 * no `priceKeys`: every notebook's saving is unknown, never another component's or
 * region's price. Once the port has `sageMakerNotebook`, this becomes that lookup.
 */
const notebookPrice: NotebookPriceLookup = (region, instanceType) => ({
  found: false,
  reason: `no SageMaker notebook instance price for ${instanceType} in ${region}: the price book has no notebook prices`,
});

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
    ],
    act: [{ actions: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StopNotebookInstance'], resources: [NOTEBOOK] }],
    restore: [{ actions: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StartNotebookInstance'], resources: [NOTEBOOK] }],
  },
  inventory: inventoryNotebooks,
  assess: (candidate, config, now) => assessIdleNotebook(candidate, config, now, notebookPrice),
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
