/** Scheduled Lambda: flag (and, where enabled, stop) runaway SageMaker training jobs (see lib/sweeps/runaway-training). */
import { createSweepHandler } from '../lib/lambda/sweep-handler.js';

export const handler = createSweepHandler('runaway-training');
