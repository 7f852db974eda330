import { ConfigReader } from '@backstage/config';
import { readKratixEntityProviderConfigs } from './KratixEntityProviderConfig';

const read = (block: object) =>
  readKratixEntityProviderConfigs(
    new ConfigReader({ catalog: { providers: { kratix: { main: block } } } }),
  );

describe('readKratixEntityProviderConfigs', () => {
  it('pages lists by 500 objects unless pageSize says otherwise', () => {
    expect(read({})[0].pageSize).toBe(500);
    expect(read({ pageSize: 50 })[0].pageSize).toBe(50);
  });

  it('rejects a page size that is not a positive whole number, naming the key', () => {
    expect(() => read({ pageSize: 0 })).toThrow(
      'catalog.providers.kratix.main.pageSize is 0; use a whole number of objects per list request, at least 1 (default 500)',
    );
    expect(() => read({ pageSize: 2.5 })).toThrow(/pageSize is 2.5/);
  });

  it('keeps namespaces.include absent (all namespaces) unless given', () => {
    expect(read({})[0].namespaces).toEqual({ include: undefined, exclude: [] });
    expect(
      read({ namespaces: { include: ['team-a'], exclude: ['kube-system'] } })[0]
        .namespaces,
    ).toEqual({ include: ['team-a'], exclude: ['kube-system'] });
  });

  it('maps Destinations from kratix.destinations, the key the Kratix backend reads, and still from the deprecated block', () => {
    const [config] = readKratixEntityProviderConfigs(
      new ConfigReader({
        kratix: { destinations: { aws: { cluster: 'worker-1' } } },
        catalog: {
          providers: {
            kratix: {
              main: { destinations: { clusters: { gcp: 'worker-2' } } },
            },
          },
        },
      }),
    );
    expect(config.destinations).toEqual({
      clusters: { aws: 'worker-1', gcp: 'worker-2' },
      labels: ['kratix.backstage.io/cluster'],
    });
  });

  it('leaves the core Kubernetes plugin annotations off unless resourceRequests.kubernetesAnnotations is true', () => {
    expect(read({})[0].resourceRequests).toEqual({
      entityKind: 'Resource',
      kubernetesAnnotations: false,
    });
    expect(
      read({ resourceRequests: { kubernetesAnnotations: true } })[0]
        .resourceRequests.kubernetesAnnotations,
    ).toBe(true);
    expect(() =>
      read({ resourceRequests: { kubernetesAnnotations: 3 } }),
    ).toThrow(/resourceRequests\.kubernetesAnnotations/);
  });
});
