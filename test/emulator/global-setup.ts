/**
 * vitest global setup of the integration tests: one moto server for the run,
 * stopped after it. Tests get its URL with `inject('emulatorEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalEmulator } from '../../lib/local/emulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startLocalEmulator({ log: (line) => process.env.FINOPS_EMULATOR_DEBUG && console.error(`[moto] ${line}`) });
  project.provide('emulatorEndpoint', emulator.endpoint);
  return () => emulator.stop();
}
