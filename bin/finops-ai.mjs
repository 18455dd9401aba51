#!/usr/bin/env node
// Entry of the `finops-ai` CLI. The sources are TypeScript; tsx loads them directly,
// so `npx finops-ai` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
