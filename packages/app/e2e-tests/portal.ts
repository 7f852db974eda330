import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

// What the end-to-end tests share: pictures, figures, cards and signing in.

const screenshotsDir = process.env.KRATIX_SCREENSHOTS_DIR;

/** With KRATIX_SCREENSHOTS_DIR set, saves a picture of the page there (scripts/screenshots.sh). */
export async function snap(
  page: Page,
  name: string,
  options: { waitForIdle?: boolean } = {},
) {
  if (!screenshotsDir) return;
  fs.mkdirSync(screenshotsDir, { recursive: true });
  // Let cards finish loading before the picture, unless the state shown may pass meanwhile.
  if (options.waitForIdle ?? true) {
    await page.waitForLoadState('networkidle').catch(() => undefined);
  }
  await page.screenshot({
    path: path.join(screenshotsDir, `${name}.png`),
    fullPage: true,
  });
}

/** Prints a figure of the run, e.g. how long the request took to show in each state. */
export function report(line: string) {
  process.stdout.write(`${line}\n`);
}

/** The card whose title is `title`. */
export function card(page: Page, title: string) {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) });
}

/** Signs in as the demo's guest. */
export async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  await expect(enter).toBeHidden();
}
