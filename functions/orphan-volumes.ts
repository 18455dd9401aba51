/** Scheduled Lambda: snapshot and delete orphan EBS volumes (see lib/sweeps/orphan-volumes). */
import { createSweepHandler } from '../lib/lambda/sweep-handler.js';

export const handler = createSweepHandler('orphan-volumes');
