import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { KratixCrossplaneTree } from '@kratix-backstage/plugin-kratix-common';
import { crossplaneTree, responseError } from './__testUtils__/fakeKratixApi';
import { CrossplaneTreeCard } from './CrossplaneTreeCard';

const empty: KratixCrossplaneTree = {
  ...crossplaneTree,
  roots: [],
  problems: [],
  truncated: false,
};

describe('CrossplaneTreeCard', () => {
  it('nests the managed resources under their XR under the claim', async () => {
    await renderInTestApp(
      <CrossplaneTreeCard state={{ loading: false, value: crossplaneTree }} />,
    );

    const claim = screen.getByRole('listitem', {
      name: 'PostgreSQLInstance default/example',
    });
    expect(within(claim).getAllByText('Claim')).toHaveLength(1);
    expect(
      within(claim).getByText(
        'database.example.org/v1alpha1 · cluster worker-1 · Destination worker-1',
      ),
    ).toBeInTheDocument();
    expect(
      within(claim).getByText(
        'Waiting for the composite resource to become ready',
      ),
    ).toBeInTheDocument();

    const xr = within(claim).getByRole('listitem', {
      name: 'XPostgreSQLInstance example-7xk2p',
    });
    const managed = within(xr).getByRole('listitem', {
      name: 'Instance example-7xk2p-db',
    });
    expect(within(managed).getByText('Managed resource')).toBeInTheDocument();
    expect(within(managed).getByText('Ready')).toBeInTheDocument();
    expect(within(managed).getByText('Synced')).toBeInTheDocument();
    expect(
      within(managed).getByText('Successfully reconciled the RDS instance'),
    ).toBeInTheDocument();
  });

  it('shows the Ready and Synced conditions of each object', async () => {
    await renderInTestApp(
      <CrossplaneTreeCard state={{ loading: false, value: crossplaneTree }} />,
    );

    const claim = screen.getByRole('listitem', {
      name: 'PostgreSQLInstance default/example',
    });
    // The claim's own conditions come before its children's.
    const [ready, synced] = within(claim).getAllByText(
      /^(Not ready|Ready|Not synced|Synced)$/,
    );
    expect(ready).toHaveTextContent('Not ready');
    expect(synced).toHaveTextContent('Synced');
  });

  it('shows why an object could not be read', async () => {
    await renderInTestApp(
      <CrossplaneTreeCard state={{ loading: false, value: crossplaneTree }} />,
    );

    const missing = screen.getByRole('listitem', {
      name: 'SecurityGroup example-7xk2p-sg',
    });
    expect(
      within(missing).getByText(
        'securitygroups.ec2.aws.upbound.io "example-7xk2p-sg" is forbidden',
      ),
    ).toBeInTheDocument();
    expect(
      within(missing).queryByRole('button', { name: /YAML/ }),
    ).not.toBeInTheDocument();
  });

  it("opens an object's YAML in a dialog and closes it", async () => {
    await renderInTestApp(
      <CrossplaneTreeCard state={{ loading: false, value: crossplaneTree }} />,
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'YAML of Instance example-7xk2p-db' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Instance example-7xk2p-db'),
    ).toBeInTheDocument();
    // The code view loads lazily.
    await waitFor(() => expect(dialog).toHaveTextContent('region: eu-west-1'));
    expect(dialog).not.toHaveTextContent('PostgreSQLInstance');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('lists what could not be followed and says when the tree was cut', async () => {
    const value: KratixCrossplaneTree = {
      ...crossplaneTree,
      problems: [
        "Destination 'edge' stands for no known cluster; set kratix.destinations.edge.cluster",
      ],
      truncated: true,
    };
    await renderInTestApp(
      <CrossplaneTreeCard state={{ loading: false, value }} />,
    );

    expect(
      screen.getByText(/Some Crossplane objects could not be followed/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Destination 'edge' stands for no known cluster/),
    ).toBeInTheDocument();
    expect(screen.getByText(/The tree is cut short/)).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', {
        name: 'PostgreSQLInstance default/example',
      }),
    ).toBeInTheDocument();
  });

  it('says when there are no Crossplane objects', async () => {
    await renderInTestApp(
      <CrossplaneTreeCard state={{ loading: false, value: empty }} />,
    );

    expect(screen.getByText('No Crossplane objects')).toBeInTheDocument();
    expect(screen.queryByText(/cut short/)).not.toBeInTheDocument();
  });

  it('says the user may not see the objects on HTTP 403', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Forbidden');
    await renderInTestApp(
      <CrossplaneTreeCard state={{ loading: false, error }} />,
    );

    expect(
      screen.getByText(
        /You are not allowed to see the Crossplane objects of this entity/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a spinner while loading', async () => {
    await renderInTestApp(<CrossplaneTreeCard state={{ loading: true }} />);

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });
});
