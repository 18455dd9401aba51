/** Scheduled Lambda: the weekly savings digest (see lib/digest). */
import { createDigestHandler } from '../lib/lambda/digest-handler.js';

export const handler = createDigestHandler();
