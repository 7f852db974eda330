import { loadFixture } from '@kratix-backstage/kube-test-cluster';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';

/** What a resource configure pipeline writes to /kratix/output and /kratix/metadata. */
export interface PipelineOutput {
  /** The pipeline whose output goes into the Work. */
  pipeline: string;
  files: Array<{ filepath: string; objects: any[] }>;
  /** `message` of /kratix/metadata/status.yaml, when the pipeline writes one. */
  message?: string;
  /** Other keys the pipeline writes to the request's status. */
  status?: Record<string, unknown>;
}

const CLAIM_IMAGE = 'from-api-to-crossplane-claim';

function containers(promise: any): any[] {
  return (promise.spec?.workflows?.resource?.configure ?? []).flatMap(
    (p: any) =>
      (p.spec?.containers ?? []).map((c: any) => ({
        pipeline: p.metadata?.name,
        ...c,
      })),
  );
}

function env(container: any, name: string): string | undefined {
  return container.env?.find((e: any) => e.name === name)?.value;
}

/** The names of a Promise's resource configure pipelines, in order. */
export function configurePipelines(promise: any): string[] {
  return (promise.spec?.workflows?.resource?.configure ?? []).map(
    (p: any) => p.metadata?.name,
  );
}

/**
 * kratix-cli's from-api-to-crossplane-claim stage: a claim of the XRD's claim
 * kind, same name as the request, namespace `default`, the request's labels
 * copied and its spec as the claim's spec.
 */
function crossplaneClaim(
  promise: any,
  rr: any,
  container: any,
): PipelineOutput {
  const group = env(container, 'XRD_GROUP');
  const version = env(container, 'XRD_VERSION');
  const kind = env(container, 'XRD_KIND');
  return {
    pipeline: container.pipeline,
    files: [
      {
        filepath: 'claim.yaml',
        objects: [
          {
            apiVersion: `${group}/${version}`,
            kind,
            metadata: {
              name: rr.metadata.name,
              namespace: 'default',
              labels: {
                ...rr.metadata.labels,
                [KRATIX_LABELS.promiseName]: promise.metadata.name,
              },
            },
            spec: rr.spec,
          },
        ],
      },
    ],
  };
}

/**
 * Giant Swarm's provision-infra pipeline: a LogicalDatabaseClaim with the
 * request's name and namespace, shaped like the fixture's expected output.
 */
function logicalDatabaseClaim(rr: any): PipelineOutput {
  const [template] = loadFixture(
    'kratix/dev-platform-kratix-promises__app-deployment-promise-containers-provision-infrastructure-pipeline-tests-resource_request_example-expected-output-LogicalDatabaseClaim.yaml',
  );
  const { name, namespace } = rr.metadata;
  const database = rr.spec?.database ?? {};
  const claim = {
    ...template,
    metadata: { name, namespace },
    spec: {
      ...template.spec,
      engine: database.engine ?? template.spec.engine,
      providerConfigRef:
        database.providerConfigRef ?? template.spec.providerConfigRef,
      eso: {
        ...template.spec.eso,
        tenantCluster:
          database.eso?.tenantCluster ?? template.spec.eso.tenantCluster,
      },
      databases: { [name]: { users: { [name]: { connectionLimit: 100 } } } },
    },
  };
  return {
    pipeline: 'provision-infra',
    files: [{ filepath: 'LogicalDatabaseClaim.yaml', objects: [claim] }],
    message: `Infrastructure requested with Crossplane using LogicalDatabaseClaim object '${namespace}/${name}'`,
  };
}

/** Objects the marketplace pipelines write (abridged), by Promise name. */
function marketplaceObjects(promise: string, rr: any): any[] {
  const { name, namespace } = rr.metadata;
  const spec = rr.spec ?? {};
  switch (promise) {
    case 'redis':
      return [
        {
          apiVersion: 'databases.spotahome.com/v1',
          kind: 'RedisFailover',
          metadata: { name, namespace },
          spec: {
            redis: { replicas: spec.size === 'large' ? 3 : 1 },
            sentinel: { replicas: spec.size === 'large' ? 3 : 1 },
          },
        },
      ];
    case 'kafka':
      return [
        {
          apiVersion: 'kafka.strimzi.io/v1beta2',
          kind: 'Kafka',
          metadata: { name, namespace },
          spec: {
            kafka: {
              replicas: spec.size === 'large' ? 3 : 1,
              listeners: [
                { name: 'plain', port: 9092, type: 'internal', tls: false },
              ],
            },
            zookeeper: { replicas: spec.size === 'large' ? 3 : 1 },
          },
        },
      ];
    case 'app':
      return [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: spec.name ?? name, namespace },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: spec.name ?? name } },
            template: {
              metadata: { labels: { app: spec.name ?? name } },
              spec: {
                containers: [
                  {
                    name: 'app',
                    image: spec.image,
                    ports: [{ containerPort: spec.service?.port ?? 8080 }],
                  },
                ],
              },
            },
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: spec.name ?? name, namespace },
          spec: {
            selector: { app: spec.name ?? name },
            ports: [{ port: spec.service?.port ?? 8080 }],
          },
        },
      ];
    default:
      return [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `${name}-${promise}`, namespace },
          data: { request: JSON.stringify(spec) },
        },
      ];
  }
}

/** What the Promise's resource configure pipelines would write for a request. */
export function pipelineOutput(promise: any, rr: any): PipelineOutput {
  const claimStage = containers(promise).find(c =>
    String(c.image ?? '').includes(CLAIM_IMAGE),
  );
  if (claimStage) return crossplaneClaim(promise, rr, claimStage);
  if (promise.metadata.name === 'appdeployment')
    return logicalDatabaseClaim(rr);
  const pipeline = configurePipelines(promise)[0] ?? 'instance-configure';
  const { name, namespace } = rr.metadata;
  return {
    pipeline,
    // The marketplace RDS pipeline reports the instance in the columns its CRD prints.
    ...(promise.metadata.name === 'aws-rds'
      ? {
          status: {
            instanceStatus: 'available',
            endpoint: `${name}-${namespace}.c9akciq32.eu-west-2.rds.amazonaws.com:${
              rr.spec?.engine === 'postgres' ? 5432 : 3306
            }`,
          },
        }
      : {}),
    files: [
      {
        filepath: 'resources.yaml',
        objects: marketplaceObjects(promise.metadata.name, rr),
      },
    ],
  };
}
