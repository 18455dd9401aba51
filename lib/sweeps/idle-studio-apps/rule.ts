/**
 * The idle Studio app rule. Pure: facts in, verdict out; no AWS calls.
 *
 * Only an `InService` app of a swept type can be idle (never one `Pending`, `Deleting` or
 * `Failed`), and only once it has run for `maxAppHours`. Then the activity signals decide
 * (see `activity.ts`): the last `CreatePresignedDomainUrl` that counts for the app in
 * CloudTrail, and the app's own `LastUserActivityTimestamp`.
 *
 * Deleting the app saves the instance-hours of its type (`<prefix>-Studio:<AppType>-<type>`
 * in the Price List). The space, the user profile and their EFS/EBS home stay, and stay
 * billed. A Studio Classic JupyterServer app runs on the `system` instance, which AWS does
 * not bill: deleting it saves nothing, and the finding says so.
 */
import { hoursBetween } from '../../core/clock.js';
import { savingsFrom, type PricedComponent } from '../../core/finding.js';
import type { Assessment, Candidate } from '../../core/sweep.js';
import type { PriceLookup } from '../../prices/price-types.js';
import { appActivity } from './activity.js';
import type { IdleStudioAppsConfig } from './config.js';
import type { StudioAppFacts } from './facts.js';

/** On-demand price of a Studio app's instance-hour. */
export type StudioPriceLookup = (region: string, appType: string, instanceType: string) => PriceLookup;

/** Where "the instance of a JupyterServer app is free" comes from (AWS's own sample). */
export const SYSTEM_INSTANCE_SOURCE =
  'github:aws-samples/sagemaker-studio-auto-shutdown-extension/README.md ("Instance that hosts JupyterServer app and System Terminals is free.")';

type RuleConfig = Pick<IdleStudioAppsConfig, 'maxAppHours' | 'appTypes'>;

/** Hours the app has run since it was created (never negative). */
export function hoursRunning(facts: Pick<StudioAppFacts, 'creationTime'>, now: Date): number {
  return Math.max(0, hoursBetween(new Date(facts.creationTime), now));
}

/**
 * Decides whether one Studio app is idle and what deleting it saves.
 *
 * @example
 * assessIdleStudioApp(candidate, { maxAppHours: 24, appTypes: ['JupyterLab'] }, now, prices)
 * // => { waste: true, reason: 'Studio not opened by space lab-1 or its owner ana for 24 h (...)', savings: { monthlyUsd: 36.5, ... } }
 */
export function assessIdleStudioApp(candidate: Candidate<StudioAppFacts>, config: RuleConfig, now: Date, price: StudioPriceLookup): Assessment {
  const { facts } = candidate;
  if (!config.appTypes.includes(facts.appType)) return { waste: false, reason: `${facts.appType} apps are not swept (appTypes)` };
  if (facts.status !== 'InService') return { waste: false, reason: `app is ${facts.status}, not InService` };
  const running = hoursRunning(facts, now);
  if (running < config.maxAppHours) return { waste: false, reason: `created ${Math.round(running * 10) / 10} h ago, less than ${config.maxAppHours} h` };
  const activity = appActivity(facts, config.maxAppHours, now);
  if (!activity.idle) return activity.inconclusive ? { waste: false, inconclusive: true, reason: activity.reason } : { waste: false, reason: activity.reason };

  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  let billing: string;
  if (facts.instanceType === 'system') {
    billing = `runs on the system instance, which AWS does not bill (${SYSTEM_INSTANCE_SOURCE}): deleting it saves nothing`;
  } else if (facts.instanceType === null) {
    billing = 'instance type unknown';
    unknown.push('the app reports no instance type (ResourceSpec.InstanceType)');
  } else {
    const lookup = price(candidate.ref.region, facts.appType, facts.instanceType);
    billing = `${facts.instanceType} ${facts.appType} instance-hours`;
    if (lookup.found) {
      const q = lookup.quote;
      components.push({
        item: `${facts.instanceType} Studio ${facts.appType} app`,
        quantity: 1,
        usdPerHour: q.usdPerUnit,
        source: q.source,
        sourceDate: q.sourceDate,
        regionBasis: q.regionBasis,
        ...(q.note ? { note: q.note } : {}),
      });
    } else unknown.push(lookup.reason);
  }
  const owner = facts.owner.kind === 'space' ? `space ${facts.owner.name}` : `user profile ${facts.owner.name}`;
  return {
    waste: true,
    reason: `${facts.appType} app running ${Math.round(running * 10) / 10} h: ${activity.reason}`,
    evidence: {
      ...activity.evidence,
      domainId: facts.domainId,
      owner,
      appType: facts.appType,
      appName: facts.appName,
      instanceType: facts.instanceType,
      creationTime: facts.creationTime,
      billing,
      kept: `the ${owner}, its EFS/EBS home and its data stay (storage stays billed); restore creates the app again`,
    },
    savings: savingsFrom(components, unknown),
  };
}
