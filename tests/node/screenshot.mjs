// Opens a page in headless Chromium, screenshots it, and reports how much of it is not white.
// Usage: node tests/node/screenshot.mjs <url> <out.png> [width] [height]
// Prints one line of JSON: {"width":…,"height":…,"nonWhite":…,"png":"…"}. The count comes from drawing the
// screenshot onto a canvas in the page, so no PNG decoder is needed here or in the caller.
import { chromium } from 'playwright-core';

const [url, out, width = '960', height = '640'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node screenshot.mjs <url> <out.png> [width] [height]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) {
    throw new Error(`GET ${url} answered ${response ? response.status() : 'nothing'}`);
  }
  // fullPage hangs on a bare SVG document in headless Chromium; the viewport is sized to the chart instead.
  const png = await page.screenshot({ path: out });
  const nonWhite = await page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    // An OffscreenCanvas works in any document, an SVG one included (createElement('canvas') there is not HTML).
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) count++;
    }
    return { width: image.width, height: image.height, count };
  }, png.toString('base64'));
  console.log(JSON.stringify({ width: nonWhite.width, height: nonWhite.height, nonWhite: nonWhite.count, png: out }));
} finally {
  await browser.close();
}
