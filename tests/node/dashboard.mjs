// Drives the dashboard in headless Chromium as a viewer would, and prints what each view shows.
// Usage: node tests/node/dashboard.mjs <dashboardUrl> <functionKey> <customerId> <screenshotDir>
// Opens the page without a key (it must say it needs one), enters the key, then reads every [data-testid] element of:
// the newest day with its default trend range ("latest"), the trend over 2026-02-28..2026-03-03 ("trend"), the
// customer ("customer"), and the funnel of 2026-03-01 ("day1"). Prints one line of JSON. Screenshots go to
// <screenshotDir>/dashboard.png (the whole page after the customer view) and dashboard-day1.png.
// Names other than loopback do not resolve in this browser, and any request to one is reported, as is every console
// error (a Content-Security-Policy violation shows up there).
import { chromium } from 'playwright-core';
import path from 'node:path';

const [url, key, customerId, screenshotDir] = process.argv.slice(2);
if (!url || !key || !customerId || !screenshotDir) {
  console.error('usage: dashboard.mjs <dashboardUrl> <functionKey> <customerId> <screenshotDir>');
  process.exit(2);
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const external = [];
const consoleErrors = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('request', (request) => {
    const target = new URL(request.url());
    if (target.protocol.startsWith('http') && !loopback.has(target.hostname)) external.push(target.href);
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    // The 401 before the key and the 404s of days never computed are expected answers, logged by Chromium as errors.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  let loads = 0;
  // Each view run ends by counting up body[data-loads]; waiting for the next count is waiting for that view.
  const settle = async () => {
    loads++;
    await page.waitForFunction((n) => Number(document.body.dataset.loads || 0) >= n, loads, { timeout: 30000 });
  };
  const read = () => page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('[data-testid]')]
      .filter((e) => e.tagName !== 'INPUT' && e.tagName !== 'TABLE' && e.tagName !== 'svg' && e.tagName !== 'DL')
      .map((e) => [e.dataset.testid, e.textContent.trim()])));

  const response = await page.goto(url, { waitUntil: 'load' });
  const result = {
    finalUrl: page.url(),
    status: response.status(),
    headers: { csp: response.headers()['content-security-policy'] || null },
  };
  await settle();
  result.withoutKey = await page.textContent('[data-testid=status]');

  await page.fill('[data-testid=key]', key);
  await page.click('[data-testid=use-key]');
  await settle();
  result.latest = await read();
  result.latest.svgWidth = await page.evaluate(() => document.getElementById('funnel-svg').naturalWidth);

  await page.fill('[data-testid=trend-from]', '2026-02-28');
  await page.fill('[data-testid=trend-to]', '2026-03-03');
  await page.click('[data-testid=show-trend]');
  await settle();
  result.trend = await read();
  result.trend.reachedLines = await page.evaluate(() => [...document.querySelectorAll('#chart-reached path[data-stage]')]
    .map((p) => ({ stage: p.dataset.stage, points: p.getAttribute('d').split(/[ML]/).filter((s) => s.trim()).length })));

  await page.fill('[data-testid=customer-id]', customerId);
  await page.click('[data-testid=find-customer]');
  await settle();
  result.customer = await read();
  result.customer.mapDots = await page.evaluate(() => document.querySelectorAll('#customer-map circle[data-touchpoint]').length);
  result.customer.mapStages = await page.evaluate(() => [...document.querySelectorAll('#customer-map path[data-stage]')].map((p) => p.dataset.stage));
  await page.screenshot({ path: path.join(screenshotDir, 'dashboard.png'), fullPage: true });

  await page.fill('[data-testid=day]', '2026-03-01');
  await page.click('[data-testid=show-day]');
  await settle();
  result.day1 = await read();
  await page.screenshot({ path: path.join(screenshotDir, 'dashboard-day1.png'), fullPage: true });

  result.external = external;
  result.consoleErrors = consoleErrors;
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
