export interface Config {
  kratix?: {
    /** Settings of the Kratix scaffolder actions (`kratix:resource:request`, `:delete`, `:manifest`). Backend only. */
    scaffolder?: {
      /**
       * Name under `kratix.clusters` of the platform cluster the actions use when a step names none. Defaults to the
       * cluster marked `default: true` there, else the first one.
       */
      cluster?: string;
      /** Namespace of a namespaced resource request when a step names none. Default `default`. */
      defaultNamespace?: string;
      /**
       * Catalog namespace the Kratix entity provider puts resource request entities in, for the `entityRef` output.
       * Defaults to the `entityNamespace` of the `catalog.providers.kratix` entry for the same cluster, else `default`.
       */
      entityNamespace?: string;
      /**
       * Catalog kind of resource request entities, for the `entityRef` output. Defaults to the
       * `resourceRequests.entityKind` of the `catalog.providers.kratix` entry for the same cluster, else `Resource`.
       */
      entityKind?: 'Resource' | 'Component';
      /** Waiting for a request to be reconciled (`wait: true`). */
      wait?: {
        /** How long a step waits when it gives no `timeoutSeconds`. Default 600. */
        timeoutSeconds?: number;
      };
      /** Links in the actions' `url` output. */
      links?: {
        /**
         * URL of a resource request in a console of your own, with placeholders `{cluster}`, `{namespace}`, `{name}`,
         * `{kind}`, `{group}`, `{version}`, `{apiVersion}`, `{plural}` and `{promise}` (each URL-encoded), e.g.
         * `https://headlamp.example.com/c/{cluster}/customresources/{plural}.{group}/namespaces/{namespace}/{name}`.
         * Without it the link is the object's URL on the cluster's API server, when the cluster's `url` is configured.
         */
        resourceUrl?: string;
      };
      /**
       * Which namespaces resource requests may go to. Without rules every namespace is allowed (the permission
       * framework still decides who may request at all). With rules, a request is allowed when at least one rule
       * matches its owner and its Promise and lists its namespace; otherwise it is refused before anything is sent.
       */
      namespacePolicy?: Array<{
        /** Entity refs of owners the rule applies to (e.g. `group:default/team-a`); every owner when absent. */
        owners?: string[];
        /** Names of the Promises the rule applies to; every Promise when absent. */
        promises?: string[];
        /** Namespaces allowed by the rule; `*` matches any run of characters, e.g. `team-a-*`. */
        namespaces: string[];
      }>;
    };
  };
}
