/**
 * The Japanese HTML report (locale `ja`, time zone Asia/Tokyo) in headless Chromium:
 * it renders with its chart, Japanese headings, dates in JST, and fits the viewport.
 * The full-page screenshot goes to `test/output/digest-<week>-ja.png` (not committed).
 *
 * Skipped, saying why, when no Chromium is installed (see html-browser.test.ts).
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

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string =>
  Boolean(p),
);
const executable = CANDIDATES.find((p) => existsSync(p));
if (!executable) console.warn(`[render-html-ja-browser] SKIPPED: no Chromium at ${CANDIDATES.join(', ')}.`);

const OUTPUT = resolve('test/output');

describe.skipIf(!executable)('Japanese HTML report in headless Chromium', () => {
  let browser: Browser | undefined; // undefined when the launch failed
  let file: string;

  beforeAll(async () => {
    const inputs = await loadDigestInputs(seededLedger(), {
      week: WEEK,
      sweeps: ['idle-endpoints', 'orphan-volumes', 'rightsizing', 'runaway-training'],
      regions: ['us-east-1'],
      scheduledSweeps: ['idle-endpoints', 'orphan-volumes', 'runaway-training', 'idle-notebooks'],
    });
    const digest = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS });
    mkdirSync(OUTPUT, { recursive: true });
    file = join(OUTPUT, `digest-${WEEK}-ja.html`);
    writeFileSync(file, renderHtml(digest, { locale: 'ja', timeZone: 'Asia/Tokyo', report: { csv: `s3://example-bucket/digests/${WEEK}/digest.csv` } }));
    browser = await chromium.launch({
      executablePath: executable!,
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

  it('renders in Japanese with its chart, JST dates, no console error and no request but the page', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    expect(await page.title()).toBe(`finops-ai 週次コスト削減レポート ${WEEK}`);
    expect(await page.evaluate('document.documentElement.lang')).toBe('ja');
    expect(await page.locator('h2').allTextContents()).toContain('チーム別ショーバック');
    expect(await page.locator('p.sub').textContent()).toContain('作成 2026/11/23 17:00 JST');
    await expect.poll(() => page.locator('svg#weekly-savings-chart').isVisible()).toBe(true);
    expect(await page.locator('tr.total').first().textContent()).toContain('$938.00');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    await page.screenshot({ path: join(OUTPUT, `digest-${WEEK}-ja.png`), fullPage: true });
    expect(existsSync(join(OUTPUT, `digest-${WEEK}-ja.png`))).toBe(true);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  }, 60_000);
});
