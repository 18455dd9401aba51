/**
 * The idle rule for inference components. Pure: facts in, verdict out; no AWS calls.
 *
 * An InService inference component is idle when its `Invocations` (dimension
 * `InferenceComponentName`) over the lookback add up to at most `maxInvocations`
 * and it has existed unmodified for the whole window. The recommended fix is
 * scale-to-zero: the component's copy count 0, the endpoint's
 * `ManagedInstanceScaling.MinInstanceCount` 0 so its instances can go too, and a
 * scale-out policy on `NoCapacityInvocationFailures` that wakes it on the next request.
 */
import { savingsFrom, type PricedComponent } from '../../core/finding.js';
import type { PriceBookPort, PriceKey } from '../../core/price-port.js';
import type { Assessment, Candidate } from '../../core/sweep.js';
import { priceKeys } from '../../prices/price-key.js';
import type { IdleEndpointsConfig } from './config.js';
import { isOldEnough } from './rule.js';

/** The endpoint variant that hosts a component, as its endpoint and config say. */
export interface ComponentHost {
  /** `null` when the config does not say (never priced then). */
  readonly instanceType: string | null;
  readonly instanceCount: number;
  /** The variant's `ManagedInstanceScaling`, `null` when it has none. */
  readonly managedScaling: { readonly status: string; readonly minInstanceCount: number | null; readonly maxInstanceCount: number | null } | null;
}

/** What the rule knows about one inference component. */
export interface ComponentFacts {
  readonly kind: 'inference-component';
  readonly componentName: string;
  readonly endpointName: string;
  readonly variantName: string;
  readonly status: string;
  readonly creationTime: string;
  readonly lastModifiedTime: string;
  readonly desiredCopyCount: number;
  readonly currentCopyCount: number;
  /** Per copy, from `Specification.ComputeResourceRequirements` (`null` where not given). */
  readonly compute: { readonly acceleratorDevices: number | null; readonly cpuCores: number | null; readonly minMemoryMb: number | null };
  readonly host: ComponentHost;
  /** Components on the same endpoint variant, this one included. */
  readonly componentsOnVariant: number;
  /** Invocations over the window (no datapoints: 0). */
  readonly invocations: number;
}

/** How scale-to-zero trades cost for latency: stated in every component finding. */
export const COLD_START_TRADE_OFF =
  'the first request after scale-to-zero fails with NoCapacityInvocationFailures and the next ones wait for a cold start (a copy placed, after an instance launch when none is left, and the model loaded: minutes)';

/** The scale-to-zero recommendation, in every component finding's evidence. */
export function scaleToZeroRecommendation(facts: Pick<ComponentFacts, 'componentName' | 'endpointName' | 'host'>) {
  return {
    copyCount: 0,
    endpointMinInstanceCount: 0,
    currentEndpointMinInstanceCount: facts.host.managedScaling?.minInstanceCount ?? null,
    scaleOutPolicy:
      `Application Auto Scaling on inference-component/${facts.componentName} (sagemaker:inference-component:DesiredCopyCount, MinCapacity 0): ` +
      `a step scaling policy adding 1 copy, on a CloudWatch alarm on AWS/SageMaker NoCapacityInvocationFailures (InferenceComponentName=${facts.componentName}) > 0`,
    coldStart: COLD_START_TRADE_OFF,
  };
}

/** The prices {@link assessIdleComponent} looks up: hosting of the host's instance type; none for a busy component. */
export function idleComponentPriceKeys(candidate: Candidate<ComponentFacts>, config: Pick<IdleEndpointsConfig, 'maxInvocations'>): PriceKey[] {
  const { facts } = candidate;
  if (facts.invocations > config.maxInvocations || facts.host.instanceType === null) return [];
  return [priceKeys.sageMakerHosting(candidate.ref.region, facts.host.instanceType)];
}

/**
 * Decides whether one inference component is idle and what scaling it to zero saves:
 * its share of the endpoint variant's instances (all of them when it is the variant's
 * only component, else its copies x the larger of its accelerator, CPU and memory
 * shares of one instance), priced as SageMaker hosting.
 *
 * @example
 * assessIdleComponent(candidate, { lookbackDays: 7, maxInvocations: 0 }, now, prices)
 * // => { waste: true, reason: 'no invocations in the last 7 days on inference component llm-ic (2 copies on endpoint e); ...', ... }
 */
export function assessIdleComponent(
  candidate: Candidate<ComponentFacts>,
  config: Pick<IdleEndpointsConfig, 'lookbackDays' | 'maxInvocations'>,
  now: Date,
  prices: PriceBookPort,
): Assessment {
  const { facts } = candidate;
  if (facts.status !== 'InService') return { waste: false, reason: `inference component is ${facts.status}, not InService` };
  if (facts.desiredCopyCount === 0 && facts.currentCopyCount === 0) return { waste: false, reason: 'inference component is already scaled to zero copies' };
  if (!isOldEnough(new Date(facts.creationTime), new Date(facts.lastModifiedTime), now, config.lookbackDays)) {
    return { waste: false, reason: `inference component created or modified within the last ${config.lookbackDays} days` };
  }
  if (facts.invocations > config.maxInvocations) {
    return { waste: false, reason: `${facts.invocations} invocations in the last ${config.lookbackDays} days` };
  }

  const copies = `${facts.currentCopyCount} cop${facts.currentCopyCount === 1 ? 'y' : 'ies'}`;
  const traffic =
    facts.invocations === 0
      ? `no invocations in the last ${config.lookbackDays} days`
      : `${facts.invocations} invocations in the last ${config.lookbackDays} days, at most ${config.maxInvocations} allowed`;
  const share = instanceShare(facts, prices);
  const releasable = releasableInstances(facts.host);
  // Copies at zero alone release no instance: then the finding only recommends.
  const actNow = releasable > 0;
  const scaling = facts.host.managedScaling;
  const minText = scaling ? `MinInstanceCount ${scaling.minInstanceCount ?? 'unset'}` : 'no managed instance scaling';
  const instances = actNow
    ? `the endpoint's managed instance scaling can then release instances down to ${minText}`
    : `set the endpoint's ManagedInstanceScaling MinInstanceCount to 0 as well (now ${minText}): copies at zero alone release no instance, so this is only recommended`;
  const reason =
    `${traffic} on inference component ${facts.componentName} (${copies} on endpoint ${facts.endpointName}); ` +
    `recommended: scale to zero (copy count 0, with a scale-out policy on NoCapacityInvocationFailures to wake it); ${instances}; ` +
    `trade-off: ${COLD_START_TRADE_OFF}`;
  return {
    waste: true,
    reason,
    evidence: {
      metric: 'AWS/SageMaker Invocations (Sum), dimension InferenceComponentName',
      lookbackDays: config.lookbackDays,
      windowStart: new Date(now.getTime() - config.lookbackDays * 86_400_000).toISOString(),
      windowEnd: now.toISOString(),
      invocations: facts.invocations,
      maxInvocations: config.maxInvocations,
      endpointName: facts.endpointName,
      variantName: facts.variantName,
      copyCount: facts.currentCopyCount,
      componentsOnVariant: facts.componentsOnVariant,
      host: facts.host.instanceType === null ? null : `${facts.host.instanceCount} x ${facts.host.instanceType}`,
      instanceShare: typeof share === 'string' ? null : share.instances,
      releasableInstances: releasable,
      lastModifiedTime: facts.lastModifiedTime,
      recommendation: scaleToZeroRecommendation(facts),
    },
    savings: componentSavings(candidate, prices, share, actNow ? releasable : null),
    ...(actNow ? {} : { act: false, advisory: { decision: 'recommend', event: 'recommendation' } as const }),
  };
}

/**
 * Instances a copy count of 0 lets go: the variant's instances above its managed
 * scaling minimum; none without managed instance scaling or with no minimum stated.
 */
export function releasableInstances(host: ComponentHost): number {
  const scaling = host.managedScaling;
  if (scaling?.status !== 'ENABLED' || scaling.minInstanceCount === null) return 0;
  return Math.max(0, host.instanceCount - scaling.minInstanceCount);
}

/**
 * What the finding saves: the instances the component holds, at most `releasable`
 * (what the action lets go), or all of them for a recommendation (`releasable` null:
 * what applying all of it saves).
 */
function componentSavings(candidate: Candidate<ComponentFacts>, prices: PriceBookPort, share: Share | string, releasable: number | null) {
  const { facts } = candidate;
  const type = facts.host.instanceType;
  if (type === null) return savingsFrom([], [`the instance type of endpoint ${facts.endpointName} (variant ${facts.variantName}) is unknown`]);
  const lookup = prices.sageMakerHosting(candidate.ref.region, type);
  if (!lookup.found) return savingsFrom([], [lookup.reason]);
  if (typeof share === 'string') return savingsFrom([], [share]);
  const q = lookup.quote;
  const quantity = releasable === null ? share.instances : Math.min(share.instances, releasable);
  const notes = [
    q.note,
    releasable === null ? "saved once the endpoint's MinInstanceCount is 0 as well" : '',
    quantity < share.instances ? `${quantity} of the ${share.instances} instance(s) it holds; the rest once the endpoint's MinInstanceCount is 0` : '',
    facts.componentsOnVariant > 1 ? 'a share: saved as managed instance scaling packs the other components onto fewer instances' : '',
  ].filter(Boolean);
  const component: PricedComponent = {
    item: `${type} (${share.basis})`,
    quantity,
    usdPerHour: q.usdPerUnit,
    source: q.source,
    sourceDate: q.sourceDate,
    regionBasis: q.regionBasis,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
  return savingsFrom([component], []);
}

interface Share {
  readonly instances: number;
  readonly basis: string;
}

/** Instances the component's copies hold, or why that is unknown. */
function instanceShare(facts: ComponentFacts, specs: PriceBookPort): Share | string {
  const { host } = facts;
  if (host.instanceType === null) return `the instance type of endpoint ${facts.endpointName} is unknown`;
  if (facts.componentsOnVariant <= 1) {
    return { instances: host.instanceCount, basis: `${host.instanceCount} instance(s) of endpoint ${facts.endpointName}, its only inference component` };
  }
  const spec = specs.instanceSpec(host.instanceType);
  if (!spec) return `no specs for ${host.instanceType}: cannot tell the share of inference component ${facts.componentName}`;
  const { acceleratorDevices, cpuCores, minMemoryMb } = facts.compute;
  const shares: { share: number; text: string }[] = [];
  if (acceleratorDevices && spec.gpuCount)
    shares.push({ share: acceleratorDevices / spec.gpuCount, text: `${acceleratorDevices} of ${spec.gpuCount} accelerators` });
  if (cpuCores) shares.push({ share: cpuCores / spec.vcpu, text: `${cpuCores} of ${spec.vcpu} vCPUs` });
  if (minMemoryMb) shares.push({ share: minMemoryMb / (spec.memoryGiB * 1024), text: `${minMemoryMb} of ${spec.memoryGiB * 1024} MB` });
  const largest = shares.sort((a, b) => b.share - a.share)[0];
  if (!largest) return `inference component ${facts.componentName} states no compute requirements: cannot tell its share of endpoint ${facts.endpointName}`;
  const instances = Math.min(host.instanceCount, Math.round(facts.currentCopyCount * largest.share * 10_000) / 10_000);
  return { instances, basis: `share of endpoint ${facts.endpointName}: ${facts.currentCopyCount} x ${largest.text} per instance` };
}
