import { test, expect } from '@playwright/test';
import { card, report, signIn, snap } from './portal';

/*
 * Promise versions in the portal, against the local platform (scripts/e2e.sh starts it; its simulator plays
 * Kratix's versioning): the redis Promise's card lists its versions, a request pinned to the older one says an
 * upgrade is available, the "Change a request's Promise version" template upgrades it to the latest
 * (kratix:resource:upgrade, waiting for Kratix), and the request's page then shows it on the latest, following it.
 *
 * With KRATIX_SCREENSHOTS_DIR set, each page is also saved there (scripts/screenshots.sh).
 */

// Seeded by the demo platform (packages/demo-platform, DEMO_VERSIONS): redis at v0.1.0 and an older v0.0.9, and
// team-a/reports pinned to v0.0.9.
const LATEST = 'v0.1.0';
const OLDER = 'v0.0.9';
const REQUEST_PAGE =
  '/catalog/default/resource/reports_team-a_redis.marketplace.kratix.io_platform';

test.describe('Promise versions in the portal', () => {
  test("upgrade a pinned request to the Promise's latest version and see it on its page", async ({
    page,
    context,
  }) => {
    await signIn(page);

    // The Promise's card: its versions, newest first, the latest marked, with how many requests run each.
    await page.goto('/catalog/default/component/redis_platform');
    const versions = card(page, 'Kratix Promise').getByRole('group', {
      name: 'Versions',
    });
    const items = versions.getByRole('listitem');
    await expect(items.first()).toContainText(LATEST);
    await expect(items.first()).toContainText('latest');
    await expect(items.nth(1)).toContainText(OLDER);
    const olderBefore = (await items.nth(1).textContent()) ?? '';
    await snap(page, 'promise-versions');

    // The request pinned to the older version: an upgrade is available.
    const requestPage = await context.newPage();
    await requestPage.goto(REQUEST_PAGE);
    const requestCard = card(requestPage, 'Kratix request');
    const version = requestCard.getByRole('group', { name: 'Promise version' });
    await expect(version).toContainText(OLDER);
    await expect(version.getByText(`pinned to ${OLDER}`)).toBeVisible();
    await expect(version.getByText(`${LATEST} is available`)).toBeVisible();
    await snap(requestPage, 'request-version-pinned');

    // The template: the request, and latest.
    await page.goto('/create/templates/default/kratix-promise-version');
    const field = (name: string) =>
      page.getByRole('textbox', { name, exact: true });
    await field('Promise').fill('redis');
    await field('Request name').fill('reports');
    await field('Namespace').fill('team-a');
    await expect(field('Promise version')).toHaveValue('latest');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    const submittedAt = Date.now();
    const since = () => `${((Date.now() - submittedAt) / 1000).toFixed(1)} s`;

    // The task follows the upgrade until Kratix reports it complete.
    await expect(
      page.getByText(/now asks for 'latest' \(it ran 'v0\.0\.9'\)/),
    ).toBeVisible({ timeout: 60_000 });
    await expect(
      page.getByText(`runs the latest version ('${LATEST}')`).first(),
    ).toBeVisible({ timeout: 180_000 });
    report(`upgrade task done after ${since()}`);
    await snap(page, 'upgrade-task-log');

    // The request's page: on the latest, following it, the upgrade complete (live, else after a reload).
    const following = version.getByText('follows latest');
    const live = await following
      .waitFor({ timeout: 60_000 })
      .then(() => true)
      .catch(() => false);
    if (!live) await requestPage.reload();
    await expect(following).toBeVisible();
    await expect(version).toContainText(LATEST);
    await expect(version.getByText(/is available/)).toBeHidden();
    await expect(
      requestCard
        .getByRole('group', { name: 'Last upgrade' })
        .getByText(`Upgrade complete (${LATEST})`),
    ).toBeVisible();
    report(
      `request page shows the new version after ${since()}${
        live ? ', without a reload' : ', after a reload'
      }`,
    );
    await snap(requestPage, 'request-version-upgraded');

    // One request fewer runs the older version.
    await page.goto('/catalog/default/component/redis_platform');
    await expect(items.nth(1)).toContainText(OLDER);
    await expect(items.nth(1)).not.toHaveText(olderBefore);
  });
});
