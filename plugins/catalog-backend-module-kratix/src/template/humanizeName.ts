// Words kept upper-case when a property name is turned into a title.
const ACRONYMS = new Set([
  'ai',
  'api',
  'arn',
  'aws',
  'az',
  'ca',
  'cd',
  'ci',
  'cidr',
  'cpu',
  'crd',
  'db',
  'dns',
  'ebs',
  'efs',
  'eks',
  'eso',
  'fqdn',
  'gcp',
  'gke',
  'gpu',
  'http',
  'https',
  'iam',
  'id',
  'ip',
  'json',
  'jwt',
  'k8s',
  'kms',
  'llm',
  'ml',
  'mtls',
  'nfs',
  'oidc',
  'os',
  'pem',
  'rbac',
  'rds',
  'saml',
  'sdk',
  'sku',
  'sql',
  'ssh',
  'ssl',
  'sso',
  'tcp',
  'tls',
  'ttl',
  'udp',
  'ui',
  'uri',
  'url',
  'uuid',
  'vm',
  'vpc',
  'yaml',
]);

// Names people spell one way, whatever the camelCase split makes of them: keyed by the letters, lower-case.
const PRODUCT_NAMES = new Map(
  [
    'Argo CD',
    'ArgoCD',
    'CockroachDB',
    'DynamoDB',
    'Elasticsearch',
    'Flux CD',
    'GitHub',
    'GitLab',
    'GraphQL',
    'MariaDB',
    'MongoDB',
    'MySQL',
    'OAuth',
    'OpenAI',
    'OpenSearch',
    'OpenTelemetry',
    'PostgreSQL',
    'RabbitMQ',
    'TimescaleDB',
  ].map(n => [
    n.replace(/\s/g, '').toLowerCase(),
    n.replace('ArgoCD', 'Argo CD'),
  ]),
);

/** The longest run of words from `start` that spells a product name, and that name. */
function productAt(
  words: string[],
  start: number,
): { name: string; length: number } | undefined {
  for (let length = Math.min(3, words.length - start); length > 0; length--) {
    const key = words
      .slice(start, start + length)
      .join('')
      .toLowerCase();
    const name = PRODUCT_NAMES.get(key);
    if (name) return { name, length };
  }
  return undefined;
}

/**
 * Turns a property or kind name into a label: `dbName` → `DB name`, `S3Bucket` → `S3 bucket`, `mongoDBVersion` →
 * `MongoDB version`, `aiModel` → `AI model`.
 *
 * @public
 */
export function humanizeName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const product = productAt(words, i);
    if (product) {
      out.push(product.name);
      i += product.length;
      continue;
    }
    const word = words[i];
    if (ACRONYMS.has(word.toLowerCase())) {
      out.push(word.toUpperCase());
    } else if (word.length > 1 && word === word.toUpperCase()) {
      out.push(word);
    } else {
      const lower = word.toLowerCase();
      out.push(
        out.length === 0
          ? lower.charAt(0).toUpperCase() + lower.slice(1)
          : lower,
      );
    }
    i++;
  }
  return out.join(' ');
}
