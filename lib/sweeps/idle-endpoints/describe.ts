/**
 * Describes the quiet endpoints and inference components: each endpoint once, each
 * endpoint config once per run (many endpoints share one), each component once.
 * Tags are read afterwards, for what was described (see tags.ts).
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  SageMakerClient,
  type DescribeEndpointCommandOutput,
  type DescribeEndpointConfigCommandOutput,
  type ProductionVariant,
} from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import { NotRestorableError } from '../../core/errors.js';
import type { ComponentFacts, ComponentHost } from './component-rule.js';
import type { EndpointFacts, EndpointVariant } from './rule.js';

/** The resource was deleted since it was listed: not a candidate, not a failure. */
export class ResourceGoneError extends Error {}

/** `DescribeEndpoint` and `DescribeEndpointConfig`, each name asked once per run. */
export class EndpointDescriber {
  readonly #sagemaker: SageMakerClient;
  readonly #endpoints = new Map<string, Promise<DescribeEndpointCommandOutput>>();
  readonly #configs = new Map<string, Promise<DescribeEndpointConfigCommandOutput>>();

  constructor(sagemaker: SageMakerClient) {
    this.#sagemaker = sagemaker;
  }

  /** @throws ResourceGoneError when the endpoint no longer exists */
  endpoint(name: string): Promise<DescribeEndpointCommandOutput> {
    let found = this.#endpoints.get(name);
    if (!found) {
      found = this.#sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })).catch((error: unknown) => {
        throw isNotFound(error) ? new ResourceGoneError(name) : error;
      });
      this.#endpoints.set(name, found);
    }
    return found;
  }

  /** The config's variants; `null` when the config no longer exists. */
  async configVariants(name: string): Promise<ProductionVariant[] | null> {
    let found = this.#configs.get(name);
    if (!found) {
      found = this.#sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
      this.#configs.set(name, found);
    }
    try {
      return (await found).ProductionVariants ?? [];
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

/** An endpoint's facts (tags come later). Refuses an endpoint whose config is gone: a stop could not be undone. */
export async function describeEndpointFacts(
  describer: EndpointDescriber,
  name: string,
  invocations: (variant: string) => number,
): Promise<{ arn: string; facts: EndpointFacts }> {
  const endpoint = await describer.endpoint(name);
  const configName = endpoint.EndpointConfigName!;
  const configVariants = await describer.configVariants(configName);
  if (configVariants === null) throw new NotRestorableError(name, `endpoint config "${configName}" no longer exists, so a stop could not be undone`);
  const variants: EndpointVariant[] = (endpoint.ProductionVariants ?? []).map((v) => {
    const configured = configVariants.find((c) => c.VariantName === v.VariantName);
    const serverless = Boolean(v.CurrentServerlessConfig ?? configured?.ServerlessConfig);
    return {
      variantName: v.VariantName!,
      instanceType: serverless ? null : (configured?.InstanceType ?? null),
      instanceCount: serverless ? 0 : (v.CurrentInstanceCount ?? configured?.InitialInstanceCount ?? 0),
      serverless,
    };
  });
  return {
    arn: endpoint.EndpointArn!,
    facts: {
      endpointName: name,
      endpointConfigName: configName,
      status: endpoint.EndpointStatus ?? 'Unknown',
      creationTime: endpoint.CreationTime!.toISOString(),
      lastModifiedTime: (endpoint.LastModifiedTime ?? endpoint.CreationTime!).toISOString(),
      variants,
      invocationsByVariant: Object.fromEntries(variants.map((v) => [v.variantName, invocations(v.variantName)])),
    },
  };
}

/** An inference component's facts, with its host variant's instances (tags come later). */
export async function describeComponentFacts(
  sagemaker: SageMakerClient,
  describer: EndpointDescriber,
  name: string,
  componentsOnVariant: (endpoint: string, variant: string) => number,
  invocations: number,
): Promise<{ arn: string; endpointArn: string; facts: ComponentFacts }> {
  const component = await sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name })).catch((error: unknown) => {
    throw isNotFound(error) ? new ResourceGoneError(name) : error;
  });
  const endpointName = component.EndpointName!;
  const variantName = component.VariantName ?? 'AllTraffic';
  const requirements = component.Specification?.ComputeResourceRequirements;
  return {
    arn: component.InferenceComponentArn!,
    endpointArn: component.EndpointArn!,
    facts: {
      kind: 'inference-component',
      componentName: name,
      endpointName,
      variantName,
      status: component.InferenceComponentStatus ?? 'Unknown',
      creationTime: component.CreationTime!.toISOString(),
      lastModifiedTime: (component.LastModifiedTime ?? component.CreationTime!).toISOString(),
      desiredCopyCount: component.RuntimeConfig?.DesiredCopyCount ?? 0,
      currentCopyCount: component.RuntimeConfig?.CurrentCopyCount ?? 0,
      compute: {
        acceleratorDevices: requirements?.NumberOfAcceleratorDevicesRequired ?? null,
        cpuCores: requirements?.NumberOfCpuCoresRequired ?? null,
        minMemoryMb: requirements?.MinMemoryRequiredInMb ?? null,
      },
      host: await hostOf(describer, endpointName, variantName),
      componentsOnVariant: componentsOnVariant(endpointName, variantName),
      invocations,
    },
  };
}

/** The instances of the variant hosting a component; unknown type when the endpoint or config cannot say. */
async function hostOf(describer: EndpointDescriber, endpointName: string, variantName: string): Promise<ComponentHost> {
  const endpoint = await describer.endpoint(endpointName).catch((error: unknown) => {
    if (error instanceof ResourceGoneError) return null;
    throw error;
  });
  const live = endpoint?.ProductionVariants?.find((v) => v.VariantName === variantName);
  const configured = endpoint ? (await describer.configVariants(endpoint.EndpointConfigName!))?.find((v) => v.VariantName === variantName) : undefined;
  const scaling = live?.ManagedInstanceScaling ?? configured?.ManagedInstanceScaling;
  return {
    instanceType: configured?.InstanceType ?? null,
    instanceCount: live?.CurrentInstanceCount ?? configured?.InitialInstanceCount ?? 0,
    managedScaling: scaling
      ? { status: scaling.Status ?? 'DISABLED', minInstanceCount: scaling.MinInstanceCount ?? null, maxInstanceCount: scaling.MaxInstanceCount ?? null }
      : null,
  };
}
