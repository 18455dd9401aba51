import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config.js';

const root = new URL('../../../', import.meta.url);
const exampleText = readFileSync(new URL('finops.example.json', root), 'utf8');

describe('finops.example.json', () => {
  it('is valid and report-only: copying it deploys nothing that acts', () => {
    const config = parseConfig(JSON.parse(exampleText), 'finops.example.json');
    for (const [name, section] of Object.entries(config.sweeps)) expect({ name, mode: section.mode }).toEqual({ name, mode: 'report' });
  });

  it('is shown in the README exactly as it is', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readme).toContain('```json\n' + exampleText + '```');
  });
});
