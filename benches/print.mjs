// The benchmark's comparison for PDFs: headless Chromium printing lesson pages of a built site to
// A4 with their print styles, one browser and one tab for all of them, which is how a trainer
// would otherwise make the PDFs. Needs what the browser tests need (`scripts/test` installs it).
//
//   node benches/print.mjs OUT_FOLDER PAGE.html...
import { chromium } from 'playwright-core';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
});
const tab = await browser.newPage();
for (const [n, page] of pages.entries()) {
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  await tab.pdf({ path: path.join(out, `${n}.pdf`), format: 'A4', printBackground: true });
}
await browser.close();
