/**
 * Draws the app's icons (client/public/icons/*.png) from client/pwa/app-identity.ts: the
 * favicon's rings on the design tokens' colour, plain and maskable, in the sizes the manifest and
 * iPhones ask for. Debian's Chromium renders the SVG, so the PNGs match what the browser draws.
 * Run after changing the icon or the colour:
 *
 *   node scripts/generate-app-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { APP_ICONS, appIconSvg } from '../client/pwa/app-identity.ts';

const dir = fileURLToPath(new URL('../client/public/icons/', import.meta.url));
mkdirSync(dir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  for (const icon of APP_ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${appIconSvg(icon)}`,
    );
    writeFileSync(
      dir + icon.file,
      await page.locator('svg').screenshot({ omitBackground: icon.purpose === 'any' }),
    );
    await page.close();
    console.log(`${dir}${icon.file} (${icon.size}×${icon.size}, ${icon.purpose})`);
  }
} finally {
  await browser.close();
}
