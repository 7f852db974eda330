import { kratixCatalogConfig } from './kratixCatalogConfig';

describe('kratixCatalogConfig', () => {
  it('allows the kinds the provider emits and reads the platform cluster as provider `test`', () => {
    expect(kratixCatalogConfig()).toEqual({
      rules: [{ allow: ['Component', 'API', 'Resource', 'Template'] }],
      providers: {
        kratix: {
          test: {
            cluster: 'platform',
            owner: { default: 'group:default/platform' },
            syncTimeoutSeconds: 20,
          },
        },
      },
    });
  });

  it('takes another id and more provider keys over the defaults', () => {
    const config = kratixCatalogConfig({
      id: 'main',
      provider: { syncTimeoutSeconds: 3, pageSize: 7 },
    });
    expect(config.providers.kratix).toEqual({
      main: {
        cluster: 'platform',
        owner: { default: 'group:default/platform' },
        syncTimeoutSeconds: 3,
        pageSize: 7,
      },
    });
  });
});
