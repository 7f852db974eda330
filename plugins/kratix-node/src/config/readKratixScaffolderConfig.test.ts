import { ConfigReader } from '@backstage/config';
import { readKratixScaffolderConfig } from './readKratixScaffolderConfig';

describe('readKratixScaffolderConfig', () => {
  it('has documented defaults', () => {
    const config = readKratixScaffolderConfig(new ConfigReader({}));
    expect(config).toMatchObject({
      cluster: undefined,
      defaultNamespace: 'default',
      waitTimeoutSeconds: 600,
      resourceUrlTemplate: undefined,
      namespacePolicy: [],
    });
    expect(config.entityRefSettings('platform')).toEqual({
      namespace: 'default',
      kind: 'Resource',
    });
  });

  it('reads every key', () => {
    const config = readKratixScaffolderConfig(
      new ConfigReader({
        kratix: {
          scaffolder: {
            cluster: 'prod',
            defaultNamespace: 'requests',
            entityNamespace: 'kratix',
            entityKind: 'Component',
            wait: { timeoutSeconds: 30 },
            links: { resourceUrl: 'https://console/{cluster}/{name}' },
            namespacePolicy: [
              {
                owners: ['Group:default/Team-A'],
                promises: ['redis'],
                namespaces: ['team-a'],
              },
              { namespaces: ['sandbox-*'] },
            ],
          },
        },
      }),
    );
    expect(config).toMatchObject({
      cluster: 'prod',
      defaultNamespace: 'requests',
      waitTimeoutSeconds: 30,
      resourceUrlTemplate: 'https://console/{cluster}/{name}',
      namespacePolicy: [
        {
          owners: ['group:default/team-a'],
          promises: ['redis'],
          namespaces: ['team-a'],
        },
        { owners: undefined, promises: undefined, namespaces: ['sandbox-*'] },
      ],
    });
    expect(config.entityRefSettings('prod')).toEqual({
      namespace: 'kratix',
      kind: 'Component',
    });
  });

  it("follows the catalog provider's entity namespace and kind for the same cluster", () => {
    const config = readKratixScaffolderConfig(
      new ConfigReader({
        catalog: {
          providers: {
            kratix: {
              main: {
                entityNamespace: 'platform',
                resourceRequests: { entityKind: 'Component' },
              },
              other: { cluster: 'edge', entityNamespace: 'edge' },
            },
          },
        },
      }),
      { defaultCluster: () => 'platform' },
    );
    expect(config.entityRefSettings('platform')).toEqual({
      namespace: 'platform',
      kind: 'Component',
    });
    expect(config.entityRefSettings('edge')).toEqual({
      namespace: 'edge',
      kind: 'Resource',
    });
    expect(config.entityRefSettings('unknown')).toEqual({
      namespace: 'default',
      kind: 'Resource',
    });
  });

  it('refuses wrong values, saying which key', () => {
    const read = (scaffolder: object) => () =>
      readKratixScaffolderConfig(new ConfigReader({ kratix: { scaffolder } }));
    expect(read({ wait: { timeoutSeconds: 0 } })).toThrow(
      'kratix.scaffolder.wait.timeoutSeconds must be a positive number, not 0',
    );
    expect(read({ entityKind: 'System' })).toThrow(
      "kratix.scaffolder.entityKind must be 'Resource' or 'Component', not 'System'",
    );
    expect(
      read({ namespacePolicy: [{ owners: [], namespaces: ['a'] }] }),
    ).toThrow("'owners' is empty");
    expect(
      read({ namespacePolicy: [{ owners: ['group:default/a'] }] }),
    ).toThrow(/namespaces/);
  });
});
