/** Options of {@link kratixCatalogConfig}. */
export interface KratixCatalogConfigOptions {
  /** Id of the provider under `catalog.providers.kratix`; `test` by default. */
  id?: string;
  /** More keys of the provider block (e.g. `schedule`, `namespaces`), over the defaults. */
  provider?: Record<string, any>;
}

/**
 * The `catalog` config of a test backend with the Kratix entity provider:
 * `catalog.rules` allowing the kinds it emits, and one provider reading the
 * `platform` cluster, with `group:default/platform` as the default owner and
 * a 20 s sync timeout.
 */
export function kratixCatalogConfig(options: KratixCatalogConfigOptions = {}) {
  return {
    rules: [{ allow: ['Component', 'API', 'Resource', 'Template'] }],
    providers: {
      kratix: {
        [options.id ?? 'test']: {
          cluster: 'platform',
          owner: { default: 'group:default/platform' },
          syncTimeoutSeconds: 20,
          ...options.provider,
        },
      },
    },
  };
}
