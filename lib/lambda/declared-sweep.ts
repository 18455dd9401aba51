import { UnknownSweepError } from '../core/errors.js';
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';

/**
 * The sweep declaration called `name` among the exports of its folder's
 * `index.ts`: how a generated Lambda entry gets its sweep without knowing the
 * name the declaration is exported under. Throws {@link UnknownSweepError} (with
 * the declarations it did find) when there is none.
 *
 * @example a generated entry (see infra/lambda-assets.ts)
 * import * as declarations from './lib/sweeps/idle-endpoints/index.ts';
 * export const handler = createSweepHandler(declaredSweep(declarations, 'idle-endpoints'));
 */
export function declaredSweep(exports: Readonly<Record<string, unknown>>, name: string): AnySweepDeclaration {
  const sweeps = Object.values(exports).filter(isSweepDeclaration);
  const sweep = sweeps.find((s) => s.name === name);
  if (!sweep)
    throw new UnknownSweepError(
      name,
      sweeps.map((s) => s.name),
    );
  return sweep;
}

function isSweepDeclaration(value: unknown): value is AnySweepDeclaration {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof AnySweepDeclaration, unknown>>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.inventory === 'function' &&
    typeof candidate.assess === 'function' &&
    typeof candidate.configSchema === 'object'
  );
}
