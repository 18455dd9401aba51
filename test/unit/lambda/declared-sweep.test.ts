import { describe, expect, it } from 'vitest';
import { UnknownSweepError } from '../../../lib/core/errors.js';
import { declaredSweep } from '../../../lib/lambda/declared-sweep.js';
import * as idleEndpoints from '../../../lib/sweeps/idle-endpoints/index.js';
import { IdleEndpointSweep } from '../../../lib/sweeps/idle-endpoints/index.js';

describe('declaredSweep', () => {
  it('finds the declaration among a sweep folder’s exports, whatever it is exported as', () => {
    expect(declaredSweep(idleEndpoints, 'idle-endpoints')).toBe(IdleEndpointSweep);
    expect(declaredSweep({ helper: () => 1, VERSION: 'x', Renamed: IdleEndpointSweep }, 'idle-endpoints')).toBe(IdleEndpointSweep);
  });

  it('throws UnknownSweepError naming the declarations it found', () => {
    expect(() => declaredSweep(idleEndpoints, 'orphan-volumes')).toThrow(UnknownSweepError);
    expect(() => declaredSweep(idleEndpoints, 'orphan-volumes')).toThrow(/Valid sweeps: idle-endpoints/);
    expect(() => declaredSweep({ name: 'orphan-volumes' }, 'orphan-volumes')).toThrow(UnknownSweepError);
  });
});
