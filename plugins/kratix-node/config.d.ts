export interface Config {
  /** Configuration of the Kratix plugins. */
  kratix?: {
    /**
     * The Kubernetes clusters the Kratix plugins talk to: platform clusters that run Kratix, and clusters that hold
     * the Crossplane objects Kratix's Destinations lead to. Read only by the backend; nothing here reaches the browser.
     */
    clusters?: Array<{
      /**
       * Name of the cluster inside Backstage: used in entity annotations (`kratix.backstage.io/cluster`), in API
       * paths and in logs. Unique among `kratix.clusters`. When `fromKubernetesPlugin` is true, the name of the
       * cluster to reuse from `kubernetes.clusterLocatorMethods[].clusters[]`.
       */
      name: string;
      /** Human-readable name shown instead of `name`. */
      title?: string;
      /**
       * URL of the cluster's Kubernetes API server, e.g. `https://10.0.0.1:6443`. Required for `serviceAccount`;
       * with `kubeconfig` or `inCluster` it overrides the server found there.
       */
      url?: string;
      /**
       * Marks the cluster used when a caller names none. At most one cluster may set it; without it the first
       * cluster in the list is the default.
       */
      default?: boolean;
      /**
       * How Backstage authenticates to the cluster:
       * `serviceAccount` (a bearer token, `serviceAccountToken`),
       * `kubeconfig` (a kubeconfig file, `kubeconfigPath` and optionally `kubeconfigContext`),
       * `inCluster` (the service account Backstage itself runs as, when Backstage runs in this cluster).
       * Defaults to `serviceAccount` when `serviceAccountToken` is set, else `kubeconfig` when `kubeconfigPath` is
       * set; otherwise it must be given.
       */
      authProvider?: 'serviceAccount' | 'kubeconfig' | 'inCluster';
      /**
       * Bearer token Backstage sends to the cluster, for `authProvider: serviceAccount`.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Path of a kubeconfig file, for `authProvider: kubeconfig`. Relative paths are resolved from the working directory. */
      kubeconfigPath?: string;
      /** Context to use in the kubeconfig file; defaults to its `current-context`. */
      kubeconfigContext?: string;
      /**
       * Base64-encoded PEM certificate(s) of the authority that signed the API server's certificate.
       * @visibility secret
       */
      caData?: string;
      /** Path of a PEM file holding the authority that signed the API server's certificate. */
      caFile?: string;
      /** Accept any server certificate. Only for local experiments: it removes the protection TLS gives. */
      skipTLSVerify?: boolean;
      /**
       * Reuse the connection settings (url, authProvider, serviceAccountToken, caData, caFile, skipTLSVerify) of the
       * cluster with the same `name` declared for Backstage's Kubernetes plugin under
       * `kubernetes.clusterLocatorMethods[]` (a method of `type: config`). Only `title` and `default` may then be
       * set here as well.
       */
      fromKubernetesPlugin?: boolean;
    }>;
    /**
     * The cluster (under `kratix.clusters`) each Kratix Destination's workloads are applied to, by Destination
     * name: where the catalog and the Kratix backend read the Crossplane objects a request produced. Wins over the
     * Destination's `kratix.backstage.io/cluster` label; without either, a cluster named like the Destination is
     * used. Read only by the backend.
     */
    destinations?: {
      [destinationName: string]: {
        /** Name of the cluster under `kratix.clusters`. */
        cluster: string;
      };
    };
  };
}
