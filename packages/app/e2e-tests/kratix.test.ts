import { test, expect, type Page } from '@playwright/test';
import { card, report, signIn, snap } from './portal';

/*
 * The whole way a developer takes through the portal against the local platform (scripts/e2e.sh starts
 * it): catalog → a Promise's page → Request → the generated Template's form (with a per-field error for a
 * bad value) → the task log following the request until Kratix reports it Reconciled, while the request's
 * own page goes from in progress to ready by itself → the Crossplane objects it produced on a worker.
 *
 * With KRATIX_SCREENSHOTS_DIR set, each page is also saved there (scripts/screenshots.sh).
 */

/**
 * The Kratix tab shows a pipeline's run as the Job Kratix made (demo-platform runs them on a control plane): its
 * attempts and duration, the Job with its status and Pod, and the Pod's log, read through `pods/log`.
 */
async function expectPipelineRun(
  page: Page,
  run: { job: RegExp; status: string; log: string },
) {
  const runs = card(page, 'Pipeline runs');
  await expect(runs.getByText('Attempts', { exact: true })).toBeVisible();
  await expect(runs.getByText('Duration').first()).toBeVisible();
  const job = runs.getByRole('row').filter({ hasText: run.job });
  await expect(job).toBeVisible({ timeout: 30_000 });
  await expect(
    job.getByText(run.status, { exact: true }).first(),
  ).toBeVisible();
  // Kubernetes sets a Job's completionTime, which its duration needs, only when it succeeds.
  if (run.status === 'Succeeded') {
    await expect(job.getByText(/^(\d+[smhd] ?)+$|^<1s$/).first()).toBeVisible();
  }
  await expect(
    job.getByRole('list', { name: /^Containers of / }).first(),
  ).toBeVisible();
  // Kratix's long Job and Pod names neither squeeze the Job column to a letter a line nor push the table past its card.
  const jobCell = await job.getByRole('cell').first().boundingBox();
  const lastCell = await job.getByRole('cell').last().boundingBox();
  const runsCard = await runs.boundingBox();
  expect(jobCell!.width).toBeGreaterThan(120);
  expect(lastCell!.x + lastCell!.width).toBeLessThanOrEqual(
    runsCard!.x + runsCard!.width + 1,
  );
  await expect(
    card(page, 'Pipeline logs').getByText(run.log).first(),
  ).toBeVisible({ timeout: 30_000 });
}

test.describe('Kratix in the portal', () => {
  test('request a Promise from its page and follow the request to ready', async ({
    page,
    context,
  }) => {
    const name = `e2e-bucket-${Date.now().toString(36)}`;
    const entityPath = `/catalog/default/resource/${name}_default_s3bucket.syntasso.io_platform`;

    await signIn(page);

    // Catalog → the Promise's page.
    // (The demo's catalog is the home page; the Promises are the platform team's, so show everyone's.)
    await page.goto(
      '/?filters%5Bkind%5D=component&filters%5Buser%5D=all&filters%5Btype%5D=kratix-promise',
    );
    await page.getByPlaceholder('Search').last().fill('s3buckets');
    await page.getByRole('link', { name: 's3buckets', exact: true }).click();
    await expect(
      page.getByRole('heading', { name: 's3buckets' }),
    ).toBeVisible();
    const promiseCard = card(page, 'Kratix Promise');
    await expect(
      promiseCard.getByText('Available', { exact: true }),
    ).toBeVisible();
    await snap(page, 'promise-page');

    // Request → the generated Template.
    await promiseCard.getByRole('button', { name: 'Request' }).click();
    await expect(
      page.getByRole('heading', { name: 'S3 bucket' }),
    ).toBeVisible();

    // A bad name is caught in the form, on its field.
    await page.getByLabel('Name').first().fill('Bad_Name');
    const owner = page.getByLabel('Owner');
    await owner.fill('guest');
    await page.getByRole('option', { name: /guest/i }).first().click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/must match pattern/i).first()).toBeVisible();
    await snap(page, 'template-form-error');

    await page.getByLabel('Name').first().fill(name);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Provider config name').fill('default');
    await page.getByLabel('Region').fill('eu-west-2');
    await page.getByRole('button', { name: /add/i }).first().click();
    await page.getByLabel('Key').fill('team');
    await page.getByLabel('Value').fill('team-a');
    await page.getByRole('button', { name: 'Review' }).click();
    await snap(page, 'template-review');

    // A second tab on the request's page, loaded before submitting so the portal's code is warm.
    const requestPage = await context.newPage();
    await requestPage.goto(entityPath);
    await expect(requestPage.getByText('Entity not found')).toBeVisible();

    await page.getByRole('button', { name: 'Create' }).click();
    const submittedAt = Date.now();
    const since = () => `${((Date.now() - submittedAt) / 1000).toFixed(1)} s`;

    // While the task waits, the request is already in the catalog, in progress, and turns ready by itself.
    const requestCardTitle = requestPage.getByText('Kratix request', {
      exact: true,
    });
    const notFound = requestPage.getByText('Entity not found');
    for (let attempt = 0; attempt < 30; attempt++) {
      await expect(requestCardTitle.or(notFound)).toBeVisible();
      if (await requestCardTitle.isVisible()) break;
      await requestPage.waitForTimeout(1_000);
      await requestPage.reload();
    }
    report(`request page found after ${since()}`);
    const state = card(requestPage, 'Kratix request').getByRole('group', {
      name: 'State',
    });
    await expect(state.getByText('In progress', { exact: true })).toBeVisible();
    report(`request page shows it in progress after ${since()}`);
    // At once: on a busy machine the request may turn ready while the page settles.
    await snap(requestPage, 'request-in-progress', { waitForIdle: false });
    await expect(state.getByText('Ready', { exact: true })).toBeVisible({
      timeout: 120_000,
    });
    report(`request page shows it ready, without a reload, after ${since()}`);

    // The task log followed the pipeline and the request until Kratix reported it ready.
    await expect(
      page.getByText(/Pipeline 'instance-configure' is Running/),
    ).toBeVisible();
    await expect(page.getByText(/is ready: Resource requested/)).toBeVisible({
      timeout: 60_000,
    });
    await expect(
      page.getByRole('link', { name: 'Open in catalog' }),
    ).toBeVisible();
    await snap(page, 'task-log');

    // The new request is owned by the user who asked for it.
    await requestPage.reload();
    await expect(
      requestPage.getByRole('link', { name: 'guest' }).first(),
    ).toBeVisible();
    // The picture waits for the cards, which load after the page's header.
    await expect(state.getByText('Ready', { exact: true })).toBeVisible();
    await snap(requestPage, 'request-ready');

    // Its Kratix tab: the pipeline run, its Job and Pod, and the Crossplane objects on the worker.
    await requestPage.goto(`${entityPath}/kratix`);
    await expect(requestPage.getByText('Pipeline runs')).toBeVisible();
    await expect(
      requestPage.getByText('instance-configure').first(),
    ).toBeVisible();
    await expectPipelineRun(requestPage, {
      job: new RegExp(
        `kratix-s3buckets-${name}-instance-configure-[0-9a-f]{5}`,
      ),
      status: 'Succeeded',
      log: `wrote /kratix/output/claim.yaml: ObjectStorage default/${name}`,
    });
    const tree = card(requestPage, 'Crossplane resources');
    await expect(tree.getByText('Claim', { exact: true })).toBeVisible({
      timeout: 60_000,
    });
    await expect(
      tree.getByText('Managed resource', { exact: true }),
    ).toBeVisible();
    await expect(tree.getByText(name).first()).toBeVisible();
    await snap(requestPage, 'request-kratix-tab');
  });

  test('the marketplace lists the Promises with their availability', async ({
    page,
  }) => {
    await signIn(page);
    await page.getByRole('link', { name: 'Kratix' }).first().click();
    await expect(page.getByText('Kratix Promises')).toBeVisible();
    const redis = page.getByRole('article', { name: 'Promise redis' });
    await expect(redis.getByText('Available', { exact: true })).toBeVisible();
    const namespace = page.getByRole('article', { name: 'Promise namespace' });
    await expect(
      namespace.getByText('Unavailable', { exact: true }),
    ).toBeVisible();
    await snap(page, 'marketplace');

    await page.getByLabel('Status').click();
    await page.getByRole('option', { name: /unavailable/i }).click();
    await expect(redis).toBeHidden();
    await expect(namespace).toBeVisible();
  });

  test('the seeded platform: every card and the Kratix tab in each state', async ({
    page,
  }) => {
    await signIn(page);
    const resource = (name: string) => `/catalog/default/resource/${name}`;
    const state = () =>
      card(page, 'Kratix request').getByRole('group', { name: 'State' });

    // A request whose pipeline failed: the card says so, the tab shows the failed run.
    await page.goto(
      resource('events_team-a_kafka.marketplace.kratix.io_platform'),
    );
    await expect(state().getByText('Failed', { exact: true })).toBeVisible();
    await snap(page, 'request-failed');
    await page.goto(
      `${resource(
        'events_team-a_kafka.marketplace.kratix.io_platform',
      )}/kratix`,
    );
    await expect(
      card(page, 'Pipeline runs').getByText('Failed').first(),
    ).toBeVisible();
    await expectPipelineRun(page, {
      job: /kratix-kafka-events-instance-configure-[0-9a-f]{5}/,
      status: 'Failed',
      log: 'error: container configure exited with code 1: no Strimzi operator found on destination worker-1',
    });
    await snap(page, 'request-failed-kratix-tab');

    // A request whose last change Kratix has not seen yet.
    await page.goto(
      resource('analytics-db_team-a_rds.aws.marketplace.kratix.io_platform'),
    );
    await expect(
      page.getByText(/The platform has not caught up with your last change/),
    ).toBeVisible();
    await snap(page, 'request-behind');

    // A request whose pipeline is still running.
    await page.goto(
      resource('sessions_team-b_redis.marketplace.kratix.io_platform'),
    );
    await expect(
      state().getByText('In progress', { exact: true }),
    ).toBeVisible();

    // An update whose pipeline failed: Kratix never observes the new generation, and the card says both.
    await page.goto(
      resource('queue_team-a_redis.marketplace.kratix.io_platform'),
    );
    await expect(state().getByText('Failed', { exact: true })).toBeVisible();
    await expect(
      page.getByText(/The platform has not caught up with your last change/),
    ).toBeVisible();
    await snap(page, 'request-failed-update');

    // A deletion held by a failed delete workflow.
    await page.goto(
      resource('old-cache_team-b_redis.marketplace.kratix.io_platform'),
    );
    await expect(
      page.getByText(/Deletion is stuck: the delete workflow failed/),
    ).toBeVisible();
    await snap(page, 'request-stuck-deletion');

    // A ready request one of whose HealthRecords is unhealthy: each record, and the worst drives the state.
    await page.goto(
      resource('reports_team-a_redis.marketplace.kratix.io_platform'),
    );
    await expect(state().getByText('Failed', { exact: true })).toBeVisible();
    await expect(state().getByText('Unhealthy')).toBeVisible();
    await expect(page.getByText(/from team-a\/reports-ping/)).toBeVisible();
    await snap(page, 'request-unhealthy');

    // A request whose Work no Destination matches.
    await page.goto(
      resource('audit_team-b_kafka.marketplace.kratix.io_platform'),
    );
    await expect(page.getByText('Not scheduled')).toBeVisible();
    await expect(page.getByText(/UnscheduledWorkloads/).first()).toBeVisible();
    await snap(page, 'request-unscheduled');

    // A Crossplane claim on a worker, waiting for its bucket.
    await page.goto(
      resource('team-b-logs_default_objectstorage.awsblueprints.io_worker-1'),
    );
    await expect(page.getByText('Synced').first()).toBeVisible();
    await expect(
      card(page, 'Crossplane resource')
        .getByRole('group', { name: 'State' })
        .getByText('Waiting'),
    ).toBeVisible();
    await snap(page, 'crossplane-claim');

    // A paused claim reads as paused, not failed.
    await page.goto(
      resource('team-b-paused_default_objectstorage.awsblueprints.io_worker-1'),
    );
    await expect(
      card(page, 'Crossplane resource')
        .getByRole('group', { name: 'State' })
        .getByText('Paused', { exact: true }),
    ).toBeVisible();
    await snap(page, 'crossplane-claim-paused');

    // A Promise's own Kratix tab: its pipelines.
    await page.goto('/catalog/default/component/kafka_platform/kratix');
    await expect(card(page, 'Pipeline runs')).toBeVisible();
    await snap(page, 'promise-kratix-tab');

    // The catalog graph around a request, and the generated Templates.
    await page.goto(
      `/catalog-graph?rootEntityRefs%5B%5D=${encodeURIComponent(
        'resource:default/team-a-assets_team-a_s3bucket.syntasso.io_platform',
      )}&maxDepth=2`,
    );
    await expect(
      page.locator('svg').getByText('team-a-assets').first(),
    ).toBeVisible();
    await snap(page, 'catalog-graph');
    await page.goto('/create');
    await expect(page.getByText('S3 bucket').first()).toBeVisible();
    await snap(page, 'templates');
  });
});
