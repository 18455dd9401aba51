/** Scheduled Lambda: stop idle SageMaker endpoints (see lib/sweeps/idle-endpoints). */
import { createSweepHandler } from '../lib/lambda/sweep-handler.js';

export const handler = createSweepHandler('idle-endpoints');
