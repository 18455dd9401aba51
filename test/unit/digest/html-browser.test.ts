/**
 * The HTML report in a real headless browser (Debian's `chromium`, driven by
 * playwright-core): it renders, the savings chart and the AI spend chart (the spend
 * section of `test/support/spend-fixture.ts`) are drawn, nothing is logged to the
 * console and nothing is fetched. A full-page screenshot goes to
 * `test/output/` (not committed).
 *
 * Skipped, saying why, when no Chromium is installed (`apt-get install chromium`,
 * or set CHROMIUM_PATH).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { renderHtml } from '../../../lib/digest/render-html.js';
import { weeklyDigest } from '../../../lib/digest/weekly-digest.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';
import { fixtureSpendInput } from '../../support/spend-fixture.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string =>
  Boolean(p),
);
const executable = CANDIDATES.find((p) => existsSync(p));
if (!executable) {
  console.warn(`[html-browser] SKIPPED: no Chromium at ${CANDIDATES.join(', ')}; install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`);
}

const OUTPUT = resolve('test/output');

describe.skipIf(!executable)('HTML report in headless Chromium', () => {
  let browser: Browser | undefined; // undefined when the launch failed
  let file: string;

  beforeAll(async () => {
    const ledger = seededLedger();
    const inputs = await loadDigestInputs(ledger, {
      week: WEEK,
      sweeps: ['idle-endpoints', 'orphan-volumes', 'rightsizing', 'runaway-training'],
      regions: ['us-east-1'],
      scheduledSweeps: ['idle-endpoints', 'orphan-volumes', 'runaway-training', 'idle-notebooks'],
    });
    const digest = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS, spend: fixtureSpendInput() });
    mkdirSync(OUTPUT, { recursive: true });
    file = join(OUTPUT, `digest-${WEEK}.html`);
    writeFileSync(file, renderHtml(digest, { report: { csv: `s3://example-bucket/digests/${WEEK}/digest.csv` } }));
    browser = await chromium.launch({
      executablePath: executable!,
      // Root in CI needs --no-sandbox; the rest keeps Chromium off the (closed) network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders with its chart, no console error and no request but the page', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    expect(await page.title()).toBe(`finops-ai weekly savings digest ${WEEK}`);
    expect(await page.locator('h1').textContent()).toBe(`finops-ai weekly savings digest ${WEEK}`);
    const chart = page.locator('svg#weekly-savings-chart');
    await expect.poll(() => chart.isVisible()).toBe(true);
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(600);
    expect(box.height).toBeGreaterThan(150);
    expect(await page.locator('svg#weekly-savings-chart rect.bar').count()).toBe(12);
    // The highlighted bar (this week, $938.00) is the tallest: W46's $252.00 is about a quarter of it.
    // Evaluated in the page (strings: this project compiles without the DOM types).
    const heights = await page.evaluate<number[]>("[...document.querySelectorAll('svg#weekly-savings-chart rect.bar')].map((b) => b.getBBox().height)");
    expect(heights.at(-1)).toBe(Math.max(...heights));
    expect(heights.at(-2)! / heights.at(-1)!).toBeCloseTo(252 / 938, 2);
    expect(await page.locator('tr.total').first().textContent()).toContain('$938.00');
    // The AI spend chart under it: 12 weeks stacked by team (3 teams and the unallocated row).
    const spendChart = page.locator('svg#ai-spend-chart');
    await expect.poll(() => spendChart.isVisible()).toBe(true);
    expect((await spendChart.boundingBox())!.width).toBeGreaterThan(600);
    expect(await page.locator('svg#ai-spend-chart rect.spend').count()).toBe(48);
    // This week's stack ($1,470) is taller than the week before's ($1,260).
    const stacks = await page.evaluate<number[]>(
      "(() => { const h = new Map(); for (const r of document.querySelectorAll('svg#ai-spend-chart rect.spend')) { const x = r.getAttribute('x'); h.set(x, (h.get(x) ?? 0) + r.getBBox().height); } return [...h.values()]; })()",
    );
    expect(stacks).toHaveLength(12);
    expect(stacks.at(-1)! / stacks.at(-2)!).toBeCloseTo(1470 / 1260, 2);
    // The page fits the viewport: wide tables scroll inside their section.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    await page.screenshot({ path: join(OUTPUT, `digest-${WEEK}.png`), fullPage: true });
    expect(existsSync(join(OUTPUT, `digest-${WEEK}.png`))).toBe(true);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  }, 60_000);
});
