import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { KratixMarketplace } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef, type KratixApi } from '../../api/KratixApi';
import {
  fakeKratixApi,
  marketplace,
  responseError,
} from '../KratixContent/__testUtils__/fakeKratixApi';
import {
  KratixMarketplacePage,
  MARKETPLACE_RELOAD_INTERVAL_MS,
} from './KratixMarketplacePage';

// The app around the page, its cards and typed input render slowly on a busy machine.
jest.setTimeout(30_000);

async function renderPage(api: KratixApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, api]]}>
      <KratixMarketplacePage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function promiseCard(title: string): HTMLElement {
  return screen.getByRole('article', { name: `Promise ${title}` });
}

/** The titles of the Promise cards on screen (the page's content is an article too). */
function shownPromises(): string[] {
  return screen
    .queryAllByRole('article', { name: /^Promise / })
    .map(card => card.getAttribute('aria-label')!);
}

/** The value a card gives for a fact such as "Version". */
function fact(card: HTMLElement, term: string): string | null | undefined {
  return within(card).getByText(term, { selector: 'dt' }).nextElementSibling
    ?.textContent;
}

/** Picks an option of the status filter. */
async function chooseStatus(option: string) {
  await userEvent.click(screen.getByRole('button', { name: /Status/ }));
  await userEvent.click(
    within(await screen.findByRole('listbox')).getByRole('option', {
      name: option,
    }),
  );
}

describe('KratixMarketplacePage', () => {
  it('shows each Promise as a card with what it offers and whether it is available', async () => {
    await renderPage(fakeKratixApi());

    expect(
      await screen.findByRole('heading', { name: 'Kratix Promises' }),
    ).toBeInTheDocument();
    await screen.findByRole('article', { name: 'Promise Redis' });
    expect(shownPromises()).toEqual([
      'Promise Kafka',
      'Promise postgresql',
      'Promise Redis',
      'Promise SQL on AWS',
    ]);

    const redis = promiseCard('Redis');
    expect(
      within(redis).getByRole('heading', { name: 'Redis' }),
    ).toBeInTheDocument();
    expect(within(redis).getByText('An in-memory cache')).toBeInTheDocument();
    expect(fact(redis, 'API')).toBe('redis marketplace.kratix.io/v1alpha1');
    expect(fact(redis, 'Version')).toBe('v1.0.0');
    expect(fact(redis, 'Cluster')).toBe('platform');
    expect(within(redis).getByText('Available')).toBeInTheDocument();

    // Without a title, the name is the heading, not repeated under it: only the API kind says it again.
    const postgresql = promiseCard('postgresql');
    expect(
      within(postgresql).getByRole('heading', { name: 'postgresql' }),
    ).toBeInTheDocument();
    expect(within(postgresql).getAllByText('postgresql')).toHaveLength(2);
    expect(fact(postgresql, 'API')).toBe(
      'postgresql marketplace.kratix.io/v1alpha1',
    );
    expect(
      within(postgresql).queryByText('Version', { selector: 'dt' }),
    ).not.toBeInTheDocument();

    const kafka = promiseCard('Kafka');
    expect(within(kafka).getByText('Unavailable')).toBeInTheDocument();
    expect(
      within(kafka).getByText('Requirements not fulfilled: strimzi'),
    ).toBeInTheDocument();
    expect(
      within(promiseCard('SQL on AWS')).getByText('Unknown'),
    ).toBeInTheDocument();
  });

  it("links Request to the Promise's Software Template and Details to its catalog page", async () => {
    await renderPage(fakeKratixApi());

    // Backstage's LinkButton is a link that presents itself as a button.
    const redis = await screen.findByRole('article', { name: 'Promise Redis' });
    expect(
      within(redis).getByRole('button', { name: 'Request' }),
    ).toHaveAttribute('href', '/create/templates/team-a/redis');
    expect(
      within(redis).getByRole('button', { name: 'Details' }),
    ).toHaveAttribute('href', '/catalog/default/component/redis');
    // A cluster that could not be read does not keep users from requesting.
    expect(
      within(promiseCard('SQL on AWS')).getByRole('button', {
        name: 'Request',
      }),
    ).toHaveAttribute('href', '/create/templates/default/sql-aws');
  });

  it('disables Request, saying why, without a Template or for an unavailable Promise', async () => {
    await renderPage(fakeKratixApi());

    const postgresql = await screen.findByRole('article', {
      name: 'Promise postgresql',
    });
    const noTemplate = within(postgresql).getByRole('button', {
      name: 'Request',
    });
    expect(noTemplate).toBeDisabled();
    expect(noTemplate).not.toHaveAttribute('href');
    await userEvent.hover(noTemplate.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      "No Software Template requests Promise 'postgresql', or you may not see it",
    );
    await userEvent.unhover(noTemplate.parentElement!);
    await waitFor(() =>
      expect(screen.queryByRole('tooltip')).not.toBeInTheDocument(),
    );

    const unavailable = within(promiseCard('Kafka')).getByRole('button', {
      name: 'Request',
    });
    expect(unavailable).toBeDisabled();
    expect(unavailable).not.toHaveAttribute('href');
    await userEvent.hover(unavailable.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      "Promise 'kafka' is not available: Requirements not fulfilled: strimzi",
    );
  });

  it('searches names, titles, descriptions and API kinds', async () => {
    await renderPage(fakeKratixApi());
    await screen.findByRole('article', { name: 'Promise Redis' });
    const search = screen.getByRole('textbox', { name: 'Search' });

    await userEvent.type(search, 'cache');
    expect(shownPromises()).toEqual(['Promise Redis']);

    await userEvent.clear(search);
    await userEvent.type(search, 'POSTGRESQL');
    expect(shownPromises()).toEqual(['Promise postgresql']);

    await userEvent.clear(search);
    await userEvent.type(search, 'mongodb');
    expect(shownPromises()).toEqual([]);
    expect(screen.getByText('No Promise matches')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear the filters' }),
    );
    expect(search).toHaveValue('');
    expect(shownPromises()).toHaveLength(4);
  });

  it('filters by status', async () => {
    await renderPage(fakeKratixApi());
    await screen.findByRole('article', { name: 'Promise Redis' });

    await chooseStatus('Available');
    expect(shownPromises()).toEqual(['Promise postgresql', 'Promise Redis']);

    await chooseStatus('Unavailable or unknown');
    expect(shownPromises()).toEqual(['Promise Kafka', 'Promise SQL on AWS']);

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'kafka',
    );
    expect(shownPromises()).toEqual(['Promise Kafka']);

    await chooseStatus('All');
    expect(shownPromises()).toEqual(['Promise Kafka']);
  });

  it('names the clusters that could not be read, with the reason', async () => {
    await renderPage(fakeKratixApi());

    expect(
      await screen.findByText(
        /Cluster 'staging' could not be read; the availability of its Promises is unknown/,
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/connect ECONNREFUSED/).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByText(/Cluster 'platform'/)).not.toBeInTheDocument();
  });

  it('says when there are no Promises', async () => {
    await renderPage(
      fakeKratixApi({
        getMarketplace: jest.fn().mockResolvedValue({
          promises: [],
          clusters: [],
          fetchedAt: marketplace.fetchedAt,
        }),
      }),
    );

    expect(await screen.findByText('No Promises yet')).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'Search' }),
    ).not.toBeInTheDocument();
  });

  it('says the user may not see the Promises on HTTP 403', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      "You are not allowed to read live Kratix state (permission 'kratix.read')",
    );
    await renderPage(
      fakeKratixApi({ getMarketplace: jest.fn().mockRejectedValue(error) }),
    );

    expect(
      await screen.findByText(/You are not allowed to see the Kratix Promises/),
    ).toBeInTheDocument();
    expect(shownPromises()).toHaveLength(0);
  });

  it('shows any other failure with its details', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'Down');
    await renderPage(
      fakeKratixApi({ getMarketplace: jest.fn().mockRejectedValue(error) }),
    );

    expect(
      await screen.findByText(/Could not load the Kratix Promises/),
    ).toBeInTheDocument();
  });

  it('reloads on demand', async () => {
    const later: KratixMarketplace = {
      ...marketplace,
      promises: marketplace.promises.map(p =>
        p.name === 'kafka' ? { ...p, availability: 'available' } : p,
      ),
    };
    const api = fakeKratixApi({
      getMarketplace: jest
        .fn()
        .mockResolvedValueOnce(marketplace)
        .mockResolvedValue(later),
    });
    await renderPage(api);
    const kafka = await screen.findByRole('article', { name: 'Promise Kafka' });
    expect(within(kafka).getByText('Unavailable')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Reload the Promises' }),
    );

    await waitFor(() =>
      expect(
        within(promiseCard('Kafka')).getByText('Available'),
      ).toBeInTheDocument(),
    );
    expect(api.getMarketplace).toHaveBeenCalledTimes(2);
  });

  it('keeps the last Promises on screen when a reload fails', async () => {
    const api = fakeKratixApi({
      getMarketplace: jest
        .fn()
        .mockResolvedValueOnce(marketplace)
        .mockRejectedValue(new Error('Could not reach the Kratix backend')),
    });
    await renderPage(api);
    await screen.findByRole('article', { name: 'Promise Redis' });

    await userEvent.click(
      screen.getByRole('button', { name: 'Reload the Promises' }),
    );

    expect(
      await screen.findByText(/Could not refresh the Promises/),
    ).toBeInTheDocument();
    expect(shownPromises()).toHaveLength(4);
  });

  describe('periodic reload', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it(`reloads every ${
      MARKETPLACE_RELOAD_INTERVAL_MS / 1000
    } seconds`, async () => {
      const api = fakeKratixApi();
      await renderPage(api);
      await screen.findByRole('article', { name: 'Promise Redis' });
      expect(api.getMarketplace).toHaveBeenCalledTimes(1);

      await act(async () => {
        jest.advanceTimersByTime(MARKETPLACE_RELOAD_INTERVAL_MS - 1);
      });
      expect(api.getMarketplace).toHaveBeenCalledTimes(1);

      await act(async () => {
        jest.advanceTimersByTime(1);
      });
      expect(api.getMarketplace).toHaveBeenCalledTimes(2);

      await act(async () => {
        jest.advanceTimersByTime(MARKETPLACE_RELOAD_INTERVAL_MS);
      });
      expect(api.getMarketplace).toHaveBeenCalledTimes(3);
    });
  });
});
