// Opens a site's page in headless Chromium, where a browser SDK (loaded from the site's own origin) sends calls to
// the API on another origin. Waits for the page to set window.done, prints window.result, then keeps the browser open
// until the customer's journey holds the expected number of touchpoints (bounded), because an SDK may still be
// delivering after its calls returned, and a closed browser drops what it had not sent.
// Usage: node browser-sdk.mjs <pageUrl> <journeyUrl> <expectedTouchpoints> [--unload]
//   --unload: once the page is done, check that the journey is still 404 (nothing delivered yet: the SDK holds its
//   batch), then navigate away, which fires pagehide, the SDK's cue to flush with keepalive or sendBeacon.
// Names other than loopback do not resolve in this browser, and any request to one is reported (exit 3): a site
// configured as the test's page is must not need a vendor's CDN or API. (Not with request interception: Playwright's
// routing aborts a page's keepalive requests when the page unloads, which is what --unload is about.)
import { chromium } from 'playwright-core';

const realisticUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const [pageUrl, journeyUrl, expectedText, flag] = process.argv.slice(2);
const expected = Number(expectedText);
if (!pageUrl || !journeyUrl || !(expected > 0) || (flag !== undefined && flag !== '--unload')) {
  console.error('usage: browser-sdk.mjs <pageUrl> <journeyUrl> <expectedTouchpoints> [--unload]');
  process.exit(2);
}

async function touchpoints() {
  const response = await fetch(journeyUrl);
  return response.status === 404 ? 0 : (await response.json()).timeline.length;
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const external = [];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
});
try {
  // The pipeline filters headless browsers by default: the test page presents a person's browser, as the tests expect its touchpoints to land.
  const context = await browser.newContext({ userAgent: realisticUserAgent });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!loopback.has(url.hostname) && url.protocol.startsWith('http')) {
      external.push(url.href);
    }
  });
  const page = await context.newPage();
  page.on('console', (message) => console.log('page:', message.text()));
  page.on('pageerror', (error) => console.log('page error:', error.message));
  page.on('requestfailed', (request) => console.log('request failed:', request.method(), request.url(), request.failure()?.errorText));
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => window.done === true, null, { timeout: 60000 });
  const result = await page.evaluate(() => window.result);
  console.log(JSON.stringify(result));
  if (result.error) {
    process.exitCode = 1;
  }

  if (flag === '--unload') {
    const before = await touchpoints();
    console.log('touchpoints before unload:', before);
    if (before !== 0) {
      console.error('the SDK delivered before the page was unloaded: the test would not show the pagehide flush');
      process.exitCode = 1;
    }

    // A navigation unloads the page: pagehide fires, and a keepalive request outlives the document.
    await page.goto(new URL('/gone', pageUrl).href, { waitUntil: 'load' });
  }

  let landed = 0;
  for (let attempt = 0; attempt < 300 && landed < expected; attempt++) {
    landed = await touchpoints();
    if (landed < expected) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  console.log('touchpoints landed:', landed);
} finally {
  await browser.close();
}

if (external.length > 0) {
  console.error('requests outside loopback (not resolved, so not sent):', external.join(' '));
  process.exitCode = 3;
}
