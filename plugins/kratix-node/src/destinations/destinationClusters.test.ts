import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  destinationClusterOf,
  destinationClusterProblem,
  readDestinationClusterRules,
} from './destinationClusters';

describe('readDestinationClusterRules', () => {
  it('reads kratix.destinations', () => {
    expect(
      readDestinationClusterRules(
        new ConfigReader({
          kratix: { destinations: { 'worker-1': { cluster: 'east' } } },
        }),
      ),
    ).toEqual({
      clusters: { 'worker-1': 'east' },
      labels: ['kratix.backstage.io/cluster'],
    });
  });

  it("still reads a provider's deprecated destinations block, with a warning", () => {
    const logger = mockServices.logger.mock();
    const rules = readDestinationClusterRules(
      new ConfigReader({
        kratix: { destinations: { a: { cluster: 'east' } } },
        catalog: {
          providers: {
            kratix: {
              main: {
                destinations: {
                  clusters: { b: 'west', a: 'east' },
                  clusterLabel: 'example.com/cluster',
                },
              },
            },
          },
        },
      }),
      { logger },
    );
    expect(rules).toEqual({
      clusters: { a: 'east', b: 'west' },
      labels: ['example.com/cluster', 'kratix.backstage.io/cluster'],
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'catalog.providers.kratix.main.destinations.clusters.b is deprecated; set kratix.destinations.b.cluster',
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('clusterLabel is deprecated'),
    );
  });

  it('refuses one Destination mapped to two clusters, naming both keys', () => {
    expect(() =>
      readDestinationClusterRules(
        new ConfigReader({
          kratix: { destinations: { a: { cluster: 'east' } } },
          catalog: {
            providers: {
              kratix: { main: { destinations: { clusters: { a: 'west' } } } },
            },
          },
        }),
      ),
    ).toThrow(
      "catalog.providers.kratix.main.destinations.clusters.a maps Destination 'a' to cluster 'west', but kratix.destinations.a.cluster maps it to 'east'",
    );
    expect(() =>
      readDestinationClusterRules(
        new ConfigReader({ kratix: { destinations: { a: { cluster: 3 } } } }),
      ),
    ).toThrow('kratix.destinations.a.cluster must be the name of a cluster');
  });
});

describe('destinationClusterOf', () => {
  const rules = {
    clusters: { configured: 'east' },
    labels: ['kratix.backstage.io/cluster'],
  };
  const known = (c: string) => ['east', 'west', 'worker-1'].includes(c);

  it('takes the configured cluster, else the label, else a cluster of the same name', () => {
    expect(
      destinationClusterOf(
        {
          name: 'configured',
          labels: { 'kratix.backstage.io/cluster': 'west' },
        },
        rules,
        known,
      ),
    ).toBe('east');
    expect(
      destinationClusterOf(
        { name: 'worker-1', labels: { 'kratix.backstage.io/cluster': 'west' } },
        rules,
        known,
      ),
    ).toBe('west');
    expect(destinationClusterOf({ name: 'worker-1' }, rules, known)).toBe(
      'worker-1',
    );
    expect(destinationClusterOf({ name: 'other' }, rules, known)).toBe(
      undefined,
    );
  });

  it('says what to do when a Destination maps nowhere', () => {
    expect(destinationClusterProblem('d', undefined)).toBe(
      "Destination 'd' is not mapped to a cluster: label it 'kratix.backstage.io/cluster: <cluster>' or set kratix.destinations.d.cluster",
    );
    expect(destinationClusterProblem('d', 'gone')).toMatch(
      /stands for cluster 'gone', which is not configured under kratix.clusters/,
    );
  });
});
