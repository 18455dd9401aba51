/**
 * Operation names of REST-protocol requests in moto's recording, which keeps only the
 * method and the path: `Bedrock.ListProvisionedModelThroughputs` rather than
 * `Bedrock.GET /provisioned-model-throughputs`. The paths are those of the services' API
 * models (botocore `bedrock` 2023-04-20); a path label may hold an ARN with slashes.
 */

/** Per SigV4 signing name: method, path pattern, operation. */
const REST_OPERATIONS: Readonly<Record<string, readonly (readonly [method: string, path: RegExp, operation: string])[]>> = {
  bedrock: [
    ['GET', /^\/provisioned-model-throughputs$/, 'ListProvisionedModelThroughputs'],
    ['GET', /^\/provisioned-model-throughput\/.+$/, 'GetProvisionedModelThroughput'],
    ['POST', /^\/provisioned-model-throughput$/, 'CreateProvisionedModelThroughput'],
    ['DELETE', /^\/provisioned-model-throughput\/.+$/, 'DeleteProvisionedModelThroughput'],
    ['PATCH', /^\/provisioned-model-throughput\/.+$/, 'UpdateProvisionedModelThroughput'],
    ['POST', /^\/listTagsForResource$/, 'ListTagsForResource'],
    ['POST', /^\/tagResource$/, 'TagResource'],
    ['POST', /^\/untagResource$/, 'UntagResource'],
    ['GET', /^\/inference-profiles$/, 'ListInferenceProfiles'],
    ['GET', /^\/inference-profiles\/.+$/, 'GetInferenceProfile'],
    ['POST', /^\/inference-profiles$/, 'CreateInferenceProfile'],
    ['DELETE', /^\/inference-profiles\/.+$/, 'DeleteInferenceProfile'],
  ],
};

/**
 * The operation of a REST request of the service signed as `scope`, or `undefined`.
 *
 * @example
 * restOperation('bedrock', 'GET', '/provisioned-model-throughputs') // 'ListProvisionedModelThroughputs'
 */
export function restOperation(scope: string | undefined, method: string, path: string): string | undefined {
  const routes = scope ? REST_OPERATIONS[scope] : undefined;
  return routes?.find(([m, pattern]) => m === method && pattern.test(path))?.[2];
}
