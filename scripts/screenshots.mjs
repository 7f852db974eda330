// Takes screenshots of the running demo portal (scripts/demo.sh) with the
// system's Chromium, into docs/screenshots. Usage:
//   node scripts/screenshots.mjs [baseUrl]
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');
const baseUrl = process.argv[2] ?? 'http://localhost:3000';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const request =
  'resource:default/team-a-assets_team-a_s3bucket.syntasso.io_platform';
const pages = [
  { name: 'home', path: '/', waitFor: 'text=orders-api' },
  {
    name: 'resource-request',
    path: '/catalog/default/resource/team-a-assets_team-a_s3bucket.syntasso.io_platform',
    waitFor: 'text=team-a-assets',
  },
  {
    name: 'catalog-graph',
    path: `/catalog-graph?rootEntityRefs%5B%5D=${encodeURIComponent(
      request,
    )}&maxDepth=2`,
    waitFor: 'svg >> text=team-a-assets',
  },
  { name: 'templates', path: '/create', waitFor: 'text=Redis' },
];

fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  await page.goto(baseUrl);
  // The demo signs in as the guest user.
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  await enter.waitFor({ state: 'detached', timeout: 60_000 });
  for (const p of pages) {
    await page.goto(new URL(p.path, baseUrl).toString());
    await page.waitForSelector(p.waitFor, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const file = path.join(out, `${p.name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(root, file)}`);
  }
} finally {
  await browser.close();
}
