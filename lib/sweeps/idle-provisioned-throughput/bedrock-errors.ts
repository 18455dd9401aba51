/** Bedrock control-plane errors the sweep tells apart. */

/** The throughput (or model) does not exist: Bedrock's `ResourceNotFoundException` (HTTP 404). */
export function isBedrockNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

/**
 * Create refused the model: not found, or "The provided model identifier is invalid." (the
 * ValidationException Bedrock gives for a model id it does not offer).
 */
export function isModelNotOffered(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'ResourceNotFoundException' ||
    (error.name === 'ValidationException' && /model identifier|model .*(not|no longer) (found|available|supported|offered)/i.test(error.message))
  );
}
