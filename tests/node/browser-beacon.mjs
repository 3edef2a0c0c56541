// Opens a page in headless Chromium that fires the tracking pixel (<img>) and two beacons (a text/plain string,
// and a JSON Blob, which preflights) at the API on another origin.
// Usage: node browser-beacon.mjs <pageUrl>
import { chromium } from 'playwright-core';

const realisticUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const [pageUrl] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  // The pipeline filters headless browsers by default: the test page presents a person's browser, as the tests expect its touchpoints to land.
  const page = await browser.newPage({ userAgent: realisticUserAgent });
  page.on('console', (message) => console.log('page:', message.text()));
  await page.goto(pageUrl, { waitUntil: 'load' });
  // The page sets window.done once the image has loaded and both beacons were queued.
  await page.waitForFunction(() => window.done === true, null, { timeout: 30000 });
  const result = await page.evaluate(() => window.result);
  console.log(JSON.stringify(result));
  if (!result.pixelLoaded || !result.textBeacon || !result.blobBeacon) {
    process.exitCode = 1;
  }
  // Beacons are sent asynchronously by the browser: give them a moment to leave before closing it.
  await page.waitForTimeout(1500);
} finally {
  await browser.close();
}
