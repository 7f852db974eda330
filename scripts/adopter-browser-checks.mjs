// The adopter test's checks in a real browser (Debian's Chromium through playwright-core), run against an adopted
// app that serves the seeded local platform: a Promise's page with its Kratix card, the Promise's Kratix tab without a
// failed call to the Kratix backend, a request's Crossplane tree, the marketplace from the sidebar, and a generated
// Template's form. Each check saves a screenshot; the first one that fails names what was missing.
//
//   node scripts/adopter-browser-checks.mjs URL RESULTS_DIR LABEL
//
// CHROMIUM_PATH selects the browser (default /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [baseUrl, resultsDir, label] = process.argv.slice(2);
if (!baseUrl || !resultsDir || !label) {
  console.error(
    'usage: node scripts/adopter-browser-checks.mjs URL RESULTS_DIR LABEL',
  );
  process.exit(2);
}
mkdirSync(resultsDir, { recursive: true });

// What the local platform seeds (packages/demo-platform) and the names the catalog module gives it.
const promisePage = '/catalog/default/component/s3buckets_platform';
const requestPage =
  '/catalog/default/resource/team-a-assets_team-a_s3bucket.syntasso.io_platform';
const templateForm = '/create/templates/default/s3buckets_platform';
// The catalog ingests the platform after the backend starts; give it time on a slow machine.
const patience = { timeout: 120_000 };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({
  baseURL: baseUrl,
  viewport: { width: 1400, height: 900 },
});
page.setDefaultTimeout(30_000);
page.setDefaultNavigationTimeout(60_000);

// Every answer of the Kratix backend that is not a success, per check.
let failedCalls = [];
page.on('response', response => {
  if (response.url().includes('/api/kratix/') && response.status() >= 400) {
    failedCalls.push(`${response.status()} ${response.url()}`);
  }
});

// The containers around a card's title, innermost last: a production build of the legacy app gives Material UI's
// cards generated class names, so a card is found by its title rather than by a class.
const card = title =>
  page.locator('div').filter({ has: page.getByText(title, { exact: true }) });

let current = '';
async function check(name, description, run) {
  current = `${label}: ${description}`;
  failedCalls = [];
  const started = Date.now();
  try {
    await run();
  } finally {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page
      .screenshot({
        path: join(resultsDir, `${label}-${name}.png`),
        fullPage: true,
      })
      .catch(() => undefined);
  }
  console.error(
    `adopter (${label}): ${description}: ok (${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s)`,
  );
}

/** Waits for `locator`, or throws `missing` (what the adopter would not see). */
async function expectVisible(locator, missing, options = {}) {
  try {
    await locator.first().waitFor({ state: 'visible', ...options });
  } catch {
    throw new Error(`${missing} (on ${page.url()})`);
  }
}

try {
  await check('sign-in', 'the app opens and signs in as a guest', async () => {
    await page.goto('/');
    const enter = page.getByRole('button', { name: 'Enter' });
    const signedIn = page.getByRole('link', { name: 'Settings' });
    await expectVisible(
      enter.or(signedIn),
      'neither the guest sign-in button nor the sidebar appeared',
      patience,
    );
    if (await enter.isVisible()) await enter.click();
    await expectVisible(
      signedIn,
      'the sidebar did not appear after signing in',
    );
  });

  await check(
    'promise-page',
    "a Promise's page shows its Kratix card",
    async () => {
      await page.goto(promisePage);
      // The catalog may not have the Promise yet right after the backend started.
      for (let attempt = 0; attempt < 24; attempt++) {
        if (await page.getByRole('heading', { name: 's3buckets' }).isVisible())
          break;
        await page.waitForTimeout(5_000);
        await page.reload();
      }
      await expectVisible(
        page.getByRole('heading', { name: 's3buckets' }),
        "the Promise 's3buckets' has no page: the catalog module did not ingest it",
      );
      await expectVisible(
        card('Kratix Promise'),
        "the Promise's overview has no 'Kratix Promise' card",
      );
      await expectVisible(
        card('Kratix Promise').getByText('Available', { exact: true }),
        "the 'Kratix Promise' card does not say 'Available'",
        patience,
      );
      await expectVisible(
        card('Kratix Promise').getByRole('button', { name: 'Request' }),
        "the 'Kratix Promise' card has no Request button (its Template is missing from the catalog)",
        patience,
      );
    },
  );

  await check(
    'promise-kratix-tab',
    "the Promise's Kratix tab, every call answered",
    async () => {
      // A tab in the legacy app, a link in the header of the new system's entity page.
      const tab = page
        .getByRole('tab', { name: 'Kratix' })
        .or(page.locator(`a[href$="${promisePage}/kratix"]`));
      await expectVisible(tab, "the Promise's page has no 'Kratix' tab");
      await tab.first().click();
      await expectVisible(
        card('Pipeline runs'),
        "the Promise's Kratix tab has no 'Pipeline runs' card",
        patience,
      );
      await page.waitForLoadState('networkidle').catch(() => undefined);
      if (failedCalls.length) {
        throw new Error(
          `the Promise's Kratix tab made calls that failed:\n  ${failedCalls.join(
            '\n  ',
          )}`,
        );
      }
    },
  );

  await check(
    'request-crossplane-tree',
    "a request's Crossplane tree",
    async () => {
      await page.goto(`${requestPage}/kratix`);
      const tree = card('Crossplane resources');
      await expectVisible(
        tree,
        "the request's Kratix tab has no 'Crossplane resources' card",
        patience,
      );
      await expectVisible(
        tree.getByText('Claim', { exact: true }),
        "the request's Crossplane tree shows no claim",
        patience,
      );
      await expectVisible(
        tree.getByText('Managed resource', { exact: true }),
        "the request's Crossplane tree shows no managed resource",
      );
      if (failedCalls.length) {
        throw new Error(
          `the request's Kratix tab made calls that failed:\n  ${failedCalls.join(
            '\n  ',
          )}`,
        );
      }
    },
  );

  await check('marketplace', 'the marketplace, from the sidebar', async () => {
    await page.goto('/catalog');
    await page
      .getByRole('link', { name: 'Kratix', exact: true })
      .first()
      .click()
      .catch(() => {
        throw new Error(`the sidebar has no 'Kratix' item (on ${page.url()})`);
      });
    await expectVisible(
      page.getByText('Kratix Promises'),
      "the sidebar's 'Kratix' item does not open the marketplace",
    );
    await expectVisible(
      page
        .getByRole('article', { name: 'Promise redis' })
        .getByText('Available', { exact: true }),
      "the marketplace does not show the Promise 'redis' as Available",
      patience,
    );
  });

  await check(
    'template-form',
    "a generated Template's form in the scaffolder",
    async () => {
      await page.goto(templateForm);
      await expectVisible(
        page.getByRole('heading', { name: 'S3 bucket' }),
        "the scaffolder does not show the Template generated from the Promise 's3buckets'",
        patience,
      );
      await expectVisible(
        page.getByLabel('Name'),
        "the generated Template's form has no 'Name' field",
      );
    },
  );
} catch (error) {
  console.error(`adopter (${label}) FAILED: ${current}: ${error.message}`);
  console.error(`  screenshots in ${resultsDir}`);
  await browser.close();
  process.exit(1);
}
await browser.close();
