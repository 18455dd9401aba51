/** Scheduled Lambda: rightsizing recommendations with dollars (see lib/sweeps/rightsizing). */
import { createSweepHandler } from '../lib/lambda/sweep-handler.js';

export const handler = createSweepHandler('rightsizing');
