import { isNotFound } from '../../aws/sagemaker.js';

/**
 * Whether a SageMaker notebook-instance call failed because the notebook does not exist:
 * SageMaker answers `ValidationException: RecordNotFound` for notebook instances, which
 * the shared check (worded "Could not find ...") does not match.
 */
export function isNotebookNotFound(error: unknown): boolean {
  return isNotFound(error) || (error instanceof Error && error.name === 'ValidationException' && /^RecordNotFound\b/.test(error.message));
}
