import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * How the plugin authenticates to one cluster, as read from config.
 *
 * @public
 */
export type KratixClusterAuth =
  | { type: 'serviceAccount'; token: string }
  | { type: 'kubeconfig'; path: string; context?: string }
  | { type: 'inCluster' };

/**
 * One entry of `kratix.clusters`, validated, with its defaults applied.
 *
 * @public
 */
export interface KratixClusterConfig {
  name: string;
  title?: string;
  /** The API server's URL; absent when it comes from the kubeconfig file or the in-cluster environment. */
  url?: string;
  isDefault: boolean;
  auth: KratixClusterAuth;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  /** Where the connection settings were read from. */
  source: 'kratix' | 'kubernetesPlugin';
}

const AUTH_PROVIDERS = ['serviceAccount', 'kubeconfig', 'inCluster'] as const;
const CONNECTION_KEYS = [
  'url',
  'authProvider',
  'serviceAccountToken',
  'kubeconfigPath',
  'kubeconfigContext',
  'caData',
  'caFile',
  'skipTLSVerify',
];
// The Kubernetes plugin keeps its auth provider either here or in `authProvider`.
const KUBERNETES_AUTH_PROVIDER_KEY = 'kubernetes.io/auth-provider';
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;

/**
 * Reads and validates `kratix.clusters`. Returns an empty list when the key is absent; throws an `InputError` naming
 * the offending key and what to change when an entry is wrong.
 *
 * @public
 */
export function readClusterConfig(config: Config): KratixClusterConfig[] {
  const entries = config.getOptionalConfigArray('kratix.clusters') ?? [];
  const clusters = entries.map((entry, index) =>
    readOneCluster(config, entry, `kratix.clusters[${index}]`),
  );

  const seen = new Set<string>();
  for (const [index, cluster] of clusters.entries()) {
    if (seen.has(cluster.name)) {
      throw new InputError(
        `kratix.clusters[${index}].name: cluster name '${cluster.name}' is used twice; give each cluster a unique name`,
      );
    }
    seen.add(cluster.name);
  }

  const defaults = clusters.filter(c => c.isDefault);
  if (defaults.length > 1) {
    throw new InputError(
      `kratix.clusters[].default: clusters ${defaults
        .map(c => `'${c.name}'`)
        .join(
          ' and ',
        )} are both marked default; set default: true on one cluster only`,
    );
  }
  if (defaults.length === 0 && clusters.length > 0) {
    clusters[0] = { ...clusters[0], isDefault: true };
  }
  return clusters;
}

function readOneCluster(
  root: Config,
  entry: Config,
  at: string,
): KratixClusterConfig {
  const name = readString(entry, 'name', at);
  if (!name) {
    throw new InputError(
      `${at}.name is missing; every cluster needs a name, e.g. name: platform`,
    );
  }
  if (!CLUSTER_NAME.test(name)) {
    throw new InputError(
      `${at}.name '${name}' is not a valid cluster name; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    );
  }
  const title = readString(entry, 'title', at);
  const isDefault = readBoolean(entry, 'default', at) ?? false;

  if (readBoolean(entry, 'fromKubernetesPlugin', at)) {
    const clash = CONNECTION_KEYS.filter(key => entry.has(key));
    if (clash.length > 0) {
      throw new InputError(
        `${at} sets fromKubernetesPlugin: true and also ${clash.join(
          ', ',
        )}; the connection comes from the Kubernetes plugin's cluster '${name}', so remove ${
          clash.length === 1 ? 'that key' : 'those keys'
        } (only title and default may be set here)`,
      );
    }
    const fromPlugin = readKubernetesPluginCluster(root, name, at);
    return {
      ...fromPlugin,
      ...(title !== undefined && { title }),
      isDefault,
    };
  }

  const url = readUrl(entry, at);
  const auth = readAuth(entry, at);
  if (auth.type === 'serviceAccount' && !url) {
    throw new InputError(
      `${at}.url is missing; authProvider serviceAccount needs the API server's URL, e.g. url: https://10.0.0.1:6443`,
    );
  }
  const tls = readTls(entry, at);
  checkPlainHttp(url, tls.skipTLSVerify, at);
  return {
    name,
    ...(title !== undefined && { title }),
    ...(url !== undefined && { url }),
    isDefault,
    auth,
    ...tls,
    source: 'kratix',
  };
}

function checkPlainHttp(
  url: string | undefined,
  skipTLSVerify: boolean,
  at: string,
) {
  if (url?.startsWith('http:') && !skipTLSVerify) {
    throw new InputError(
      `${at}.url '${url}' uses plain http; use https://, or set skipTLSVerify: true to allow an unencrypted connection`,
    );
  }
}

function readAuth(entry: Config, at: string): KratixClusterAuth {
  const token = readString(entry, 'serviceAccountToken', at);
  const kubeconfigPath = readString(entry, 'kubeconfigPath', at);
  const kubeconfigContext = readString(entry, 'kubeconfigContext', at);
  let provider = readString(entry, 'authProvider', at);
  if (!provider) {
    if (token) provider = 'serviceAccount';
    else if (kubeconfigPath) provider = 'kubeconfig';
    else {
      throw new InputError(
        `${at}.authProvider is missing; set it to one of ${AUTH_PROVIDERS.join(
          ', ',
        )} (or set serviceAccountToken or kubeconfigPath)`,
      );
    }
  }

  switch (provider) {
    case 'serviceAccount':
      if (!token) {
        throw new InputError(
          `${at}.serviceAccountToken is missing; authProvider serviceAccount needs a bearer token (tip: serviceAccountToken: \${KRATIX_CLUSTER_TOKEN})`,
        );
      }
      return { type: 'serviceAccount', token };
    case 'kubeconfig':
      if (!kubeconfigPath) {
        throw new InputError(
          `${at}.kubeconfigPath is missing; authProvider kubeconfig needs the path of a kubeconfig file`,
        );
      }
      return {
        type: 'kubeconfig',
        path: kubeconfigPath,
        ...(kubeconfigContext !== undefined && { context: kubeconfigContext }),
      };
    case 'inCluster':
      return { type: 'inCluster' };
    default:
      throw new InputError(
        `${at}.authProvider '${provider}' is not supported; use one of ${AUTH_PROVIDERS.join(
          ', ',
        )}`,
      );
  }
}

/** Finds `name` among the Kubernetes plugin's config-located clusters and converts its connection settings. */
function readKubernetesPluginCluster(
  root: Config,
  name: string,
  at: string,
): KratixClusterConfig {
  const methods =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const available: string[] = [];
  for (const [m, method] of methods.entries()) {
    if (method.getOptionalString('type') !== 'config') continue;
    const clusters = method.getOptionalConfigArray('clusters') ?? [];
    for (const [c, cluster] of clusters.entries()) {
      const clusterName = cluster.getOptionalString('name');
      if (clusterName) available.push(clusterName);
      if (clusterName !== name) continue;

      const pluginAt = `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`;
      const url = readUrl(cluster, pluginAt);
      if (!url) {
        throw new InputError(
          `${pluginAt}.url is missing; ${at} reuses this cluster and needs its URL`,
        );
      }
      // Read raw: its keys contain '/', which Config paths cannot address.
      const authMetadata =
        cluster.getOptional<Record<string, unknown>>('authMetadata') ?? {};
      const provider =
        stringOrUndefined(authMetadata[KUBERNETES_AUTH_PROVIDER_KEY]) ??
        cluster.getOptionalString('authProvider');
      const token =
        cluster.getOptionalString('serviceAccountToken') ??
        stringOrUndefined(authMetadata.serviceAccountToken);
      if (provider !== 'serviceAccount') {
        throw new InputError(
          `${pluginAt}.authProvider is '${
            provider ?? '(none)'
          }'; ${at} can reuse only clusters with authProvider serviceAccount. Declare the cluster under kratix.clusters with its own url and authProvider instead`,
        );
      }
      const tls = readTls(cluster, pluginAt);
      checkPlainHttp(url, tls.skipTLSVerify, pluginAt);
      return {
        name,
        ...(cluster.getOptionalString('title') !== undefined && {
          title: cluster.getOptionalString('title'),
        }),
        url,
        isDefault: false,
        // The Kubernetes plugin's serviceAccount without a token means Backstage's own service account.
        auth: token ? { type: 'serviceAccount', token } : { type: 'inCluster' },
        ...tls,
        source: 'kubernetesPlugin',
      };
    }
  }
  throw new InputError(
    `${at} sets fromKubernetesPlugin: true but no cluster named '${name}' is declared under kubernetes.clusterLocatorMethods[] (type: config)${
      available.length
        ? `; the clusters declared there are ${available
            .map(n => `'${n}'`)
            .join(', ')}`
        : '; none are declared there'
    }`,
  );
}

function readTls(
  entry: Config,
  at: string,
): Pick<KratixClusterConfig, 'caData' | 'caFile' | 'skipTLSVerify'> {
  const caData = readString(entry, 'caData', at);
  const caFile = readString(entry, 'caFile', at);
  if (caData && caFile) {
    throw new InputError(
      `${at} sets both caData and caFile; keep only one of them`,
    );
  }
  return {
    ...(caData !== undefined && { caData }),
    ...(caFile !== undefined && { caFile }),
    skipTLSVerify: readBoolean(entry, 'skipTLSVerify', at) ?? false,
  };
}

function readUrl(entry: Config, at: string): string | undefined {
  const url = readString(entry, 'url', at);
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(
      `${at}.url '${url}' is not a valid URL; use the API server's address, e.g. https://10.0.0.1:6443`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InputError(
      `${at}.url '${url}' must start with https:// (or http:// together with skipTLSVerify: true)`,
    );
  }
  return url.replace(/\/+$/, '');
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readString(entry: Config, key: string, at: string) {
  try {
    const value = entry.getOptionalString(key);
    return value === '' ? undefined : value;
  } catch {
    throw new InputError(`${at}.${key} must be a string`);
  }
}

function readBoolean(entry: Config, key: string, at: string) {
  try {
    return entry.getOptionalBoolean(key);
  } catch {
    throw new InputError(`${at}.${key} must be true or false`);
  }
}
