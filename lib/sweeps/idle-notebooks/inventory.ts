/**
 * AWS side of the idle-notebook sweep: what it reads, in as few calls as the APIs allow.
 *
 * Calls per region: ListNotebookInstances pages (100 a page); when some notebook is
 * InService and has run unchanged for the shortest idle window in force: one
 * LookupEvents page set (CloudTrail, 50 events a page), ListMetrics page sets for the
 * agent's CPU and GPU metrics and GetMetricData batches (500 series a call); ListTags for
 * each of those notebooks (their schedule tag may make even a busy one idle); and
 * DescribeNotebookInstance (the ML storage volume's size) only for those the signals may
 * call idle. Young, stopped or changing notebooks cost nothing beyond the listing.
 */
import {
  DescribeNotebookInstanceCommand,
  paginateListNotebookInstances,
  paginateListTags,
  SageMakerClient,
  type NotebookInstanceSummary,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { InventorySourceError } from '../../core/errors.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import { notebookActivity } from './activity.js';
import { agentActivity } from './agent-signal.js';
import { lastOpened, openedSignal } from './cloudtrail-signal.js';
import type { IdleNotebooksConfig } from './config.js';
import type { NotebookFacts } from './facts.js';
import { isNotFound } from '../../aws/sagemaker.js';
import { hoursUnchanged } from './rule.js';

/** Lists notebook instances, reads the activity of the InService ones old enough, describes those that may be idle. */
export async function inventoryNotebooks(ctx: RegionContext, config: IdleNotebooksConfig): Promise<Inventory<NotebookFacts>> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  // Teams over budget may have a shorter idle window: read what the most permissive could call idle.
  const idleHours = [config.idleHours, ...(ctx.teamSettings ?? []).map((s) => (s as Partial<IdleNotebooksConfig>).idleHours ?? config.idleHours)];
  const shortest = Math.min(...idleHours);
  const lookback = Math.max(...idleHours);

  const seen = new Set<string>();
  const running: NotebookInstanceSummary[] = [];
  for await (const page of paginateListNotebookInstances({ client: sagemaker, pageSize: 100 }, {})) {
    for (const n of page.NotebookInstances ?? []) {
      if (!n.NotebookInstanceName) continue;
      seen.add(n.NotebookInstanceName);
      if (n.NotebookInstanceStatus !== 'InService' || !n.CreationTime || !n.InstanceType) continue;
      const times = { creationTime: n.CreationTime.toISOString(), lastModifiedTime: (n.LastModifiedTime ?? n.CreationTime).toISOString() };
      if (hoursUnchanged(times, ctx.now) >= shortest) running.push(n);
    }
  }
  if (running.length === 0) return { candidates: [], seen };

  const from = new Date(ctx.now.getTime() - lookback * 3_600_000);
  const opened = await lastOpened(ctx, from);
  const agent = await agentActivity(
    ctx,
    config.agentNamespace,
    running.map((n) => n.NotebookInstanceName!),
    from,
  );
  const permissive = { ...config, idleHours: shortest };

  const candidates: Candidate<NotebookFacts>[] = [];
  const failures: { resourceId: string; error: unknown }[] = [];
  if (!opened.ok)
    failures.push({ resourceId: 'cloudtrail:LookupEvents', error: new InventorySourceError('CloudTrail LookupEvents', ctx.region, opened.reason) });
  for (const n of running) {
    const name = n.NotebookInstanceName!;
    try {
      const tagList: Tag[] = [];
      for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: n.NotebookInstanceArn! })) tagList.push(...(page.Tags ?? []));
      const tags = tagsFromList(tagList);
      let facts: NotebookFacts = {
        notebookName: name,
        status: n.NotebookInstanceStatus!,
        instanceType: n.InstanceType!,
        creationTime: n.CreationTime!.toISOString(),
        lastModifiedTime: (n.LastModifiedTime ?? n.CreationTime!).toISOString(),
        volumeSizeInGB: null,
        opened: openedSignal(opened, name),
        agent: agent.get(name.toLowerCase()) ?? null,
      };
      if (notebookActivity(facts, tags, permissive, ctx.now).idle) {
        const described = await sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }));
        facts = {
          ...facts,
          status: described.NotebookInstanceStatus ?? facts.status,
          volumeSizeInGB: described.VolumeSizeInGB ?? null,
          lastModifiedTime: (described.LastModifiedTime ?? n.LastModifiedTime ?? n.CreationTime!).toISOString(),
        };
      }
      candidates.push({ ref: { resourceType: 'sagemaker:notebook-instance', resourceId: name, arn: n.NotebookInstanceArn!, region: ctx.region }, tags, facts });
    } catch (error) {
      if (isNotFound(error)) continue; // deleted since it was listed
      failures.push({ resourceId: name, error });
    }
  }
  return { candidates, seen, failures };
}
