import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  KratixRelationsProcessor,
  KratixRelationsProcessorOptions,
} from './KratixRelationsProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

const service = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-service', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const PROMISE_KINDS: Record<string, Record<string, string[]>> = {
  platform: { kafka: ['marketplace.kratix.io'], bucket: ['a.io', 'b.io'] },
  staging: { kafka: ['marketplace.kratix.io'] },
};

async function process(
  annotations: Record<string, string>,
  options: Partial<KratixRelationsProcessorOptions> = {},
) {
  const processor = new KratixRelationsProcessor({
    defaultCluster: 'platform',
    entityNamespace: 'default',
    requestEntityKind: 'Resource',
    clusterNames: ['platform', 'staging'],
    groupsOfKind: async (cluster, kind) => PROMISE_KINDS[cluster]?.[kind] ?? [],
    ...options,
  });
  const emitted: CatalogProcessorResult[] = [];
  const entity = service(annotations);
  const returned = await processor.postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  expect(returned).toBe(entity);
  const relations = emitted.flatMap(r =>
    r.type === 'relation'
      ? [
          `${r.relation.type} ${r.relation.source.kind}:${r.relation.source.namespace}/${r.relation.source.name} -> ${r.relation.target.kind}:${r.relation.target.namespace}/${r.relation.target.name}`,
        ]
      : [],
  );
  const errors = emitted.flatMap(r =>
    r.type === 'error' ? [r.error.message] : [],
  );
  return { relations, errors, emitted };
}

describe('KratixRelationsProcessor', () => {
  it('links an entity to a resource request, resolving an unqualified kind through the Promises', async () => {
    const { relations, errors } = await process({
      'kratix.backstage.io/resource-request': 'default/kafka/orders',
    });
    expect(errors).toEqual([]);
    expect(relations).toEqual([
      'dependsOn Component:default/orders-service -> Resource:default/orders_default_kafka.marketplace.kratix.io_platform',
      'dependencyOf Resource:default/orders_default_kafka.marketplace.kratix.io_platform -> Component:default/orders-service',
    ]);
  });

  it('links to several requests and Promises, with qualified kinds and clusters', async () => {
    const { relations, errors } = await process({
      'kratix.backstage.io/resource-request':
        'default/bucket.b.io/logs, staging/team-a/kafka/events',
      'kratix.backstage.io/promise-ref': 'kafka staging/kafka',
    });
    expect(errors).toEqual([]);
    expect(relations.filter(r => r.startsWith('dependsOn'))).toEqual([
      'dependsOn Component:default/orders-service -> Resource:default/logs_default_bucket.b.io_platform',
      'dependsOn Component:default/orders-service -> Resource:default/events_team-a_kafka.marketplace.kratix.io_staging',
      'dependsOn Component:default/orders-service -> Component:default/kafka_platform',
      'dependsOn Component:default/orders-service -> Component:default/kafka_staging',
    ]);
  });

  it("names the targets the way the provider of the referenced cluster does, else like the first provider's", async () => {
    const { relations } = await process(
      {
        'kratix.backstage.io/resource-request':
          'staging/team-a/kafka/events, default/kafka/orders',
        'kratix.backstage.io/promise-ref': 'staging/kafka, kafka',
      },
      {
        entityNamespace: 'kratix',
        requestEntityKind: 'Resource',
        targets: {
          platform: {
            entityNamespace: 'kratix',
            requestEntityKind: 'Resource',
          },
          staging: {
            entityNamespace: 'kratix-staging',
            requestEntityKind: 'Component',
          },
        },
      },
    );
    expect(relations.filter(r => r.startsWith('dependsOn'))).toEqual([
      'dependsOn Component:default/orders-service -> Component:kratix-staging/events_team-a_kafka.marketplace.kratix.io_staging',
      'dependsOn Component:default/orders-service -> Resource:kratix/orders_default_kafka.marketplace.kratix.io_platform',
      'dependsOn Component:default/orders-service -> Component:kratix-staging/kafka_staging',
      'dependsOn Component:default/orders-service -> Component:kratix/kafka_platform',
    ]);
  });

  it('reports malformed references as processing errors naming the annotation and the expected shape', async () => {
    const { relations, errors, emitted } = await process({
      'kratix.backstage.io/resource-request': 'orders, default/kafka/orders',
      'kratix.backstage.io/promise-ref': 'a/b/c',
    });
    // The good reference still links.
    expect(relations).toHaveLength(2);
    expect(errors).toEqual([
      expect.stringMatching(
        /^kratix\.backstage\.io\/resource-request: .*'orders'.*expected '\[cluster\/\]namespace\/kind\/name'/,
      ),
      expect.stringMatching(
        /^kratix\.backstage\.io\/promise-ref 'a\/b\/c' is not a Promise reference; use \[cluster\/\]name/,
      ),
    ]);
    expect(emitted.filter(r => r.type === 'error')).toEqual([
      processingResult.inputError(location, errors[0]),
      processingResult.inputError(location, errors[1]),
    ]);
  });

  it('reports kinds no Promise offers, kinds offered in several groups, and unknown clusters', async () => {
    const { relations, errors } = await process({
      'kratix.backstage.io/resource-request':
        'default/redis/cache, default/bucket/logs, prod/default/kafka/orders',
      'kratix.backstage.io/promise-ref': 'prod/kafka',
    });
    expect(relations).toEqual([]);
    expect(errors).toEqual([
      "kratix.backstage.io/resource-request 'default/redis/cache': no Promise on cluster 'platform' offers kind 'redis'; qualify it as kind.group, e.g. default/redis.example.com/cache",
      "kratix.backstage.io/resource-request 'default/bucket/logs': kind 'bucket' is offered in several groups (a.io, b.io); qualify it as kind.group, e.g. default/bucket.a.io/logs",
      "kratix.backstage.io/resource-request 'prod/default/kafka/orders' names cluster 'prod', which is not configured under kratix.clusters (platform, staging); use one of those, or leave the cluster out for 'platform'",
      "kratix.backstage.io/promise-ref 'prod/kafka' names cluster 'prod', which is not configured under kratix.clusters (platform, staging); use one of those, or leave the cluster out for 'platform'",
    ]);
  });

  it('neither fails nor links while the Promises of a cluster cannot be read', async () => {
    const { relations, errors } = await process(
      { 'kratix.backstage.io/resource-request': 'default/kafka/orders' },
      { groupsOfKind: async () => undefined },
    );
    expect(relations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('leaves entities without the annotations alone', async () => {
    const { emitted } = await process({});
    expect(emitted).toEqual([]);
  });
});
