import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import { responseError, summary } from './__testUtils__/fakeKratixApi';
import { PlacementsCard } from './PlacementsCard';

// Material tables and the app around them render slowly on a busy machine.
jest.setTimeout(30_000);

function withDestinations(
  destinations: KratixEntitySummary['destinations'],
): KratixEntitySummary {
  return { ...summary, destinations };
}

describe('PlacementsCard', () => {
  it('lists each WorkPlacement with its Destination, Work and Ready condition', async () => {
    await renderInTestApp(
      <PlacementsCard state={{ loading: false, value: summary }} />,
    );

    const ready = screen.getByText('worker-1').closest('tr')!;
    expect(
      within(ready).getByText('redis-example-instance-5d1a2.worker-1-3b2c1'),
    ).toBeInTheDocument();
    expect(
      within(ready).getByText('redis-example-instance-5d1a2'),
    ).toBeInTheDocument();
    expect(within(ready).getByText('Ready')).toBeInTheDocument();
    expect(within(ready).queryByText('Misplaced')).not.toBeInTheDocument();

    const misplaced = screen.getByText('old-worker').closest('tr')!;
    expect(within(misplaced).getByText('Misplaced')).toBeInTheDocument();
    expect(within(misplaced).getByText('Not ready')).toBeInTheDocument();
    expect(
      within(misplaced).getByText(
        'WriteFailed: failed to write to the state store: permission denied',
      ),
    ).toBeInTheDocument();
  });

  it('says why the placements could not be read', async () => {
    const value = withDestinations({
      available: false,
      reason:
        "listing the Works of 'example': works.platform.kratix.io is forbidden",
    });
    await renderInTestApp(<PlacementsCard state={{ loading: false, value }} />);

    expect(
      screen.getByText(/The Works and their placements could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/works.platform.kratix.io is forbidden/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when nothing is placed yet', async () => {
    const value = withDestinations({ available: true, items: [] });
    await renderInTestApp(<PlacementsCard state={{ loading: false, value }} />);

    expect(
      screen.getByText('Nothing placed on a Destination yet'),
    ).toBeInTheDocument();
  });

  it('shows a spinner while loading', async () => {
    await renderInTestApp(<PlacementsCard state={{ loading: true }} />);

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('says the user may not see the placements on HTTP 403', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Forbidden');
    await renderInTestApp(<PlacementsCard state={{ loading: false, error }} />);

    expect(
      screen.getByText(
        /You are not allowed to see where the Works of this entity were placed/,
      ),
    ).toBeInTheDocument();
  });

  it('shows any other failure with its details', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      "No entity 'component:default/gone' in the catalog",
    );
    await renderInTestApp(<PlacementsCard state={{ loading: false, error }} />);

    expect(
      screen.getByText(
        /Could not load where the Works of this entity were placed/,
      ),
    ).toBeInTheDocument();
  });
});
