/**
 * What the idle-endpoint sweep's inventory gathers per candidate: an endpoint, or one
 * inference component of an endpoint built on them. `kind` tells them apart (an
 * endpoint's facts may omit it).
 */
import type { Candidate } from '../../core/sweep.js';
import type { ComponentFacts } from './component-rule.js';
import type { EndpointFacts } from './rule.js';

/** An endpoint's facts plus the raw tag list kept for restore. */
export interface EndpointCandidateFacts extends EndpointFacts {
  readonly kind?: 'endpoint';
  readonly tagList: readonly { readonly Key: string; readonly Value: string }[];
}

/** The facts of either kind of candidate. */
export type IdleEndpointsFacts = EndpointCandidateFacts | ComponentFacts;

/**
 * Calls the handler of the candidate's kind.
 *
 * @example
 * byKind(candidate, { endpoint: (c) => c.facts.endpointConfigName, component: (c) => c.facts.componentName })
 */
export function byKind<T>(
  candidate: Candidate<IdleEndpointsFacts>,
  on: { readonly endpoint: (c: Candidate<EndpointCandidateFacts>) => T; readonly component: (c: Candidate<ComponentFacts>) => T },
): T {
  const { facts } = candidate;
  return facts.kind === 'inference-component' ? on.component({ ...candidate, facts }) : on.endpoint({ ...candidate, facts });
}

/** The resource type of inference-component findings (ledger keys, JSON `resourceType`). */
export const COMPONENT_RESOURCE_TYPE = 'sagemaker:inference-component';
