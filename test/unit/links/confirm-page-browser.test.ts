/**
 * The owner-action confirmation page in a real headless browser (Debian's
 * `chromium`, driven by playwright-core), at a phone's size: it renders without
 * JavaScript or any request but its own, fits the screen, and its form (plain
 * HTML) applies the decision. Screenshots go to `test/output/` (not committed).
 *
 * Skipped, saying why, when no Chromium is installed (`apt-get install chromium`,
 * or set CHROMIUM_PATH).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOf } from '../../../lib/links/function-url.js';
import { handleLinkRequest } from '../../../lib/links/handle-request.js';
import { labelIn, sweepLabelsOf } from '../../../lib/links/sweep-labels.js';
import { SWEEPS } from '../../../lib/sweeps/registry.js';
import { linksHarness } from './links-fixture.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string =>
  Boolean(p),
);
const executable = CANDIDATES.find((p) => existsSync(p));
if (!executable) {
  console.warn(
    `[confirm-page-browser] SKIPPED: no Chromium at ${CANDIDATES.join(', ')}; install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}

const OUTPUT = resolve('test/output');

describe.skipIf(!executable)('owner-action confirmation page in headless Chromium', () => {
  let browser: Browser | undefined;
  let server: Server;
  let base: string;
  const harness = linksHarness({ config: { allowExempt: true } });
  const japanese = linksHarness();

  beforeAll(async () => {
    const ja = { ...japanese.endpoint, format: { locale: 'ja' as const, timeZone: 'Asia/Tokyo' }, sweepLabel: labelIn(sweepLabelsOf(SWEEPS), 'ja') };
    const endpoints = { en: harness.endpoint, ja };
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const endpoint = url.searchParams.get('lang') === 'ja' ? endpoints.ja : endpoints.en;
        url.searchParams.delete('lang');
        const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
        void handleLinkRequest(
          { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, form: formOf(req.headers['content-type'], body) },
          endpoint,
        ).then((r) => {
          res.writeHead(r.status, r.headers);
          res.end(r.body);
        });
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    mkdirSync(OUTPUT, { recursive: true });
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
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  /** A minted link, served by the test server instead of the links' base URL. */
  const local = (url: string, lang?: string) => {
    const u = new URL(url);
    return `${base}/${u.search}${lang ? `&lang=${lang}` : ''}`;
  };

  it('renders on a phone without script, fits the screen, and its form applies the decision', async () => {
    const links = await harness.links();
    const keep = local(links.find((l) => l.choice === 'keep-until')!.url);
    const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, deviceScaleFactor: 2 });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));

    const response = await page.goto(keep, { waitUntil: 'load' });
    expect(response!.status()).toBe(200);
    expect(await page.title()).toBe('finops-ai: answer to a notice');
    expect(await page.locator('h1').textContent()).toBe('Keep churn-model-v1 until a day you choose?');
    expect(await page.locator('script').count()).toBe(0);
    await expect.poll(() => page.locator('button[type=submit]').isVisible()).toBe(true);
    const button = (await page.locator('button[type=submit]').boundingBox())!;
    expect(button.width).toBeGreaterThan(300);
    expect(button.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await page.locator('input#until').getAttribute('max')).toBe('2027-02-21');
    await page.screenshot({ path: join(OUTPUT, 'owner-link-confirm.png'), fullPage: true });

    // The browser's own validation (no script): a one-letter reason does not submit.
    await page.fill('textarea#reason', 'x');
    await page.click('button[type=submit]');
    expect(harness.store.writes).toEqual([]);

    await page.fill('textarea#reason', 'demo for the board on Friday');
    await page.fill('input#until', '2026-12-24');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe('Done');
    expect(await page.locator('main').textContent()).toContain('churn-model-v1 is kept until 2026-12-25 00:00 UTC');
    await page.screenshot({ path: join(OUTPUT, 'owner-link-done.png'), fullPage: true });
    expect(harness.tagger.calls).toEqual([{ arn: harness.state.ref.arn, tags: { 'finops:snooze-until': '2026-12-24' } }]);

    expect(problems).toEqual([]);
    expect(requests).toEqual([`GET ${keep}`, `POST ${keep}`]);
    expect(existsSync(join(OUTPUT, 'owner-link-confirm.png'))).toBe(true);
    await page.close();
  }, 60_000);

  it('reads in Japanese, and a refused link is a plain page', async () => {
    const links = await japanese.links();
    const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    await page.goto(local(links.find((l) => l.choice === 'act-now')!.url, 'ja'), { waitUntil: 'load' });
    expect(await page.locator('h1').textContent()).toBe('churn-model-v1 に今すぐ操作を実行しますか?');
    expect(await page.locator('button[type=submit]').textContent()).toBe('今すぐ実行する');
    expect(await page.locator('dl').textContent()).toContain('アイドル状態の SageMaker エンドポイント');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'owner-link-confirm-ja.png'), fullPage: true });

    const tampered = new URL(local(links[0]!.url));
    tampered.searchParams.set('resource', 'payments-scoring');
    const refused = await page.goto(tampered.href, { waitUntil: 'load' });
    expect(refused!.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('This link cannot be used');
    expect(await page.locator('main').textContent()).not.toContain('churn-model-v1');
    await page.close();
  }, 60_000);
});
