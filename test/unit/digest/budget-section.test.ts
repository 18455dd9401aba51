import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config.js';
import { budgetLines } from '../../../lib/digest/budget-section.js';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { renderHtml } from '../../../lib/digest/render-html.js';
import { MAX_LINE, renderText } from '../../../lib/digest/render-text.js';
import { weeklyDigest } from '../../../lib/digest/weekly-digest.js';
import type { BudgetFacts } from '../../../lib/sweeps/budget-guard/rule.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';

const config = parseConfig({
  budgets: {
    teams: [
      { team: 'vision', monthlyLimitUsd: 1000 },
      { team: 'nlp', monthlyLimitUsd: 2000 },
      { team: 'risk', monthlyLimitUsd: 5000 },
      { team: 'recsys', monthlyLimitUsd: 3000 },
      { team: 'support', monthlyLimitUsd: 100 },
    ],
  },
});
const facts = (team: string, limitUsd: number, actualUsd: number, forecastUsd: number | null): BudgetFacts => ({
  team,
  budgetName: `finops-ai-${team}`,
  limitUsd,
  actualUsd,
  forecastUsd,
  periodEnd: '2026-12-01T00:00:00.000Z',
  settings: config.budgets.teams.find((t) => t.team === team)!,
});
const found = [facts('vision', 1000, 800, 990), facts('nlp', 2000, 2400, 3100), facts('risk', 5000, 3000, 5600), facts('recsys', 3000, 400, 900)];

describe('budget section of the digest', () => {
  it('lists every configured team, worst first, classified as the guard does; a missing budget says so', () => {
    expect(budgetLines(config, found)).toEqual([
      { team: 'nlp', budgetName: 'finops-ai-nlp', limitUsd: 2000, actualUsd: 2400, forecastUsd: 3100, status: 'over' },
      { team: 'risk', budgetName: 'finops-ai-risk', limitUsd: 5000, actualUsd: 3000, forecastUsd: 5600, status: 'forecast-over' },
      // Exactly 80% is not a warning.
      { team: 'recsys', budgetName: 'finops-ai-recsys', limitUsd: 3000, actualUsd: 400, forecastUsd: 900, status: 'ok' },
      { team: 'vision', budgetName: 'finops-ai-vision', limitUsd: 1000, actualUsd: 800, forecastUsd: 990, status: 'ok' },
      { team: 'support', budgetName: 'finops-ai-support', limitUsd: 100, actualUsd: null, forecastUsd: null, status: 'missing' },
    ]);
  });

  it('says unavailable, with no figure, when the budgets could not be read', () => {
    expect(budgetLines(config, [], 'AccessDenied').map((b) => [b.team, b.status, b.actualUsd])).toContainEqual(['nlp', 'unavailable', null]);
  });

  it('is rendered in the text (aligned, within the line limit) and the HTML; absent without teams', async () => {
    const inputs = await loadDigestInputs(seededLedger(), { week: WEEK, sweeps: ['idle-endpoints'], regions: ['us-east-1'], scheduledSweeps: [] });
    const digest = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS, budgets: budgetLines(config, found) });
    const text = renderText(digest);
    expect(text).toContain('== Team AI budgets this month');
    expect(text).toMatch(/nlp\s+\$2,000\.00\s+\$2,400\.00\s+\$3,100\.00\s+over/);
    expect(text).toMatch(/support\s+\$100\.00\s+unknown\s+unknown\s+missing/);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(MAX_LINE);
    expect(renderHtml(digest, {})).toContain('<h2>Team AI budgets this month</h2>');

    const none = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS });
    expect(none.budgets).toEqual({ teams: [], unavailable: null });
    expect(renderText(none)).not.toContain('Team AI budgets');
  });
});
