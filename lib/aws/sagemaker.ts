/** SageMaker API facts shared by every sweep that reads endpoints, configs, models or training jobs. */

/**
 * Whether a SageMaker call failed because the endpoint, config, model, training job or
 * notebook instance does not exist: SageMaker reports that as a ValidationException
 * "Could not find ..." (notebook instances: "RecordNotFound").
 */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    (error.name === 'ValidationException' || error.name === 'ResourceNotFound') &&
    /could not find|does not exist|not found|^RecordNotFound\b/i.test(error.message)
  );
}
