import { loadFixture } from '@kratix-backstage/kube-test-cluster';
import { CrossplaneReadiness } from './CrossplaneWorker';

/** How a seeded request looks to Kratix. */
export type DemoRequestState =
  /** Reconciled=True, with a Work and WorkPlacement. */
  | 'ready'
  /** Its first configure pipeline is Running. */
  | 'in-progress'
  /** ConfigureWorkflowCompleted=False, ConfigureWorkflowFailed. */
  | 'failed'
  /** Reconciled at generation 1, then its spec changed (generation 2). */
  | 'behind'
  /** Just created: no status and no `kratix.io/promise-name` label yet. */
  | 'new'
  /**
   * Reconciled at generation 1, then changed (generation 2) and its pipeline failed: Kratix leaves
   * observedGeneration at 1 (upstream `internal/controller/dynamic_resource_request_controller.go`).
   */
  | 'failed-update'
  /** Being deleted, held by Kratix's finalizer: DeleteWorkflowCompleted=False, DeleteWorkflowFailed. */
  | 'delete-failed'
  /** Its pipeline ran, but no Destination matches its Work: ScheduleSucceeded=False, UnscheduledWorkloads. */
  | 'unscheduled';

/** A resource request the demo seeds. */
export interface DemoRequest {
  promise: string;
  name: string;
  namespace: string;
  spec: Record<string, unknown>;
  state: DemoRequestState;
  /** Scaffolder-style annotations: owner group, template, user. */
  owner?: string;
  template?: string;
  requestedBy?: string;
  /** For `behind`: the spec Kratix last reconciled. */
  previousSpec?: Record<string, unknown>;
  /** For `failed`: the failing pipeline's message. */
  failure?: string;
  /** Destination to place the Work on, instead of the first matching one. */
  destination?: string;
  /** Readiness of the Crossplane objects its Work produces on the worker. */
  crossplane?: CrossplaneReadiness;
  /** State of its HealthRecord; any state but `healthy` comes with a second, healthy record beside it. */
  health?: 'healthy' | 'degraded' | 'unhealthy';
}

function s3Spec(team: string, bucket?: string) {
  return {
    resourceConfig: {
      providerConfigName: 'default',
      region: 'eu-west-2',
      ...(bucket ? { name: bucket } : {}),
      tags: [{ key: 'team', value: team }],
    },
  };
}

/** The resource requests the demo seeds on the platform. */
export function demoRequests(): DemoRequest[] {
  const [kafkaExample] = loadFixture(
    'kratix/kratix-marketplace__kafka-resource-request.yaml',
  );
  // The kratix-cli example request's spec is a placeholder ('# type object')
  // its own schema rejects; only its name and namespace are used.
  const [s3Example] = loadFixture(
    'kratix/kratix-cli__test-assets-crossplane-expected-output-example-resource.yaml',
  );
  return [
    {
      promise: 'redis',
      name: 'cache',
      namespace: 'team-a',
      spec: { size: 'small' },
      state: 'ready',
      owner: 'group:default/team-a',
      template: 'template:default/redis',
      requestedBy: 'user:default/alice',
      health: 'healthy',
    },
    {
      promise: 'redis',
      name: 'sessions',
      namespace: 'team-b',
      spec: { size: 'large' },
      state: 'in-progress',
      owner: 'group:default/team-b',
    },
    {
      promise: 'kafka',
      name: kafkaExample.metadata.name,
      namespace: kafkaExample.metadata.namespace,
      spec: kafkaExample.spec,
      state: 'ready',
    },
    {
      promise: 'kafka',
      name: 'events',
      namespace: 'team-a',
      spec: { size: 'large' },
      state: 'failed',
      owner: 'group:default/team-a',
      failure:
        'container configure exited with code 1: no Strimzi operator found on destination worker-1',
    },
    {
      promise: 'aws-rds',
      name: 'orders-db',
      namespace: 'team-b',
      spec: { dbName: 'orders', engine: 'postgres', size: 'small' },
      state: 'ready',
      owner: 'group:default/team-b',
      health: 'degraded',
    },
    {
      promise: 'aws-rds',
      name: 'analytics-db',
      namespace: 'team-a',
      spec: { dbName: 'analytics', engine: 'mysql', size: 'medium' },
      previousSpec: { dbName: 'analytics', engine: 'mysql', size: 'micro' },
      state: 'behind',
      owner: 'group:default/team-a',
    },
    {
      promise: 'app',
      name: 'storefront',
      namespace: 'team-a',
      spec: {
        name: 'storefront',
        image: 'ghcr.io/example/storefront:1.4.0',
        dbDriver: 'postgresql',
        service: { port: 8080 },
      },
      state: 'ready',
      owner: 'group:default/team-a',
      template: 'template:default/app',
      requestedBy: 'user:default/alice',
    },
    {
      promise: 'app',
      name: 'new-app',
      namespace: 'team-b',
      spec: { name: 'new-app', image: 'ghcr.io/example/new-app:0.1.0' },
      state: 'new',
      owner: 'group:default/team-b',
    },
    {
      promise: 's3buckets',
      name: s3Example.metadata.name,
      namespace: s3Example.metadata.namespace,
      spec: s3Spec('platform'),
      state: 'ready',
      destination: 'worker-1',
      crossplane: 'ready',
    },
    {
      promise: 's3buckets',
      name: 'team-a-assets',
      namespace: 'team-a',
      spec: s3Spec('team-a', 'team-a-assets-demo'),
      state: 'ready',
      destination: 'worker-2',
      crossplane: 'ready',
      owner: 'group:default/team-a',
      health: 'healthy',
    },
    {
      promise: 's3buckets',
      name: 'team-b-logs',
      namespace: 'team-b',
      spec: s3Spec('team-b'),
      state: 'ready',
      destination: 'worker-1',
      crossplane: 'creating',
      owner: 'group:default/team-b',
    },
    {
      promise: 's3buckets',
      name: 'team-a-archive',
      namespace: 'team-a',
      spec: s3Spec('team-a', 'team-a-archive-demo'),
      state: 'ready',
      destination: 'worker-2',
      crossplane: 'sync-error',
      owner: 'group:default/team-a',
    },
    {
      promise: 's3buckets',
      name: 'team-b-paused',
      namespace: 'team-b',
      spec: s3Spec('team-b', 'team-b-paused-demo'),
      state: 'ready',
      destination: 'worker-1',
      crossplane: 'paused',
      owner: 'group:default/team-b',
    },
    {
      promise: 'redis',
      name: 'queue',
      namespace: 'team-a',
      spec: { size: 'large' },
      previousSpec: { size: 'small' },
      state: 'failed-update',
      owner: 'group:default/team-a',
      failure:
        'container configure exited with code 1: size large needs 3 nodes, the Destination has 1',
    },
    {
      promise: 'redis',
      name: 'old-cache',
      namespace: 'team-b',
      spec: { size: 'small' },
      state: 'delete-failed',
      owner: 'group:default/team-b',
      failure:
        'container delete exited with code 1: cannot remove the final snapshot: AccessDenied',
    },
    {
      promise: 'redis',
      name: 'reports',
      namespace: 'team-a',
      spec: { size: 'small' },
      state: 'ready',
      owner: 'group:default/team-a',
      health: 'unhealthy',
    },
    {
      promise: 'kafka',
      name: 'audit',
      namespace: 'team-b',
      spec: { size: 'small' },
      state: 'unscheduled',
      owner: 'group:default/team-b',
    },
    {
      promise: 'appdeployment',
      name: 'my-go-project-1',
      namespace: 'default',
      spec: {
        database: {
          engine: 'aurora-postgresql',
          eso: {
            clusterSsaField: 'ready',
            tenantCluster: {
              enabled: true,
              clusterName: 'demotech-rds',
              apiServerEndpoint:
                'demotech-rds-apiserver.eu-central-1.elb.amazonaws.com',
            },
          },
          providerConfigRef: {
            name: 'demotech-rcc-postgresql-provider-config',
          },
        },
        interval: '1m',
        statusConfigMapReference: { name: 'my-go-project-1-status' },
        version: '0.1.0',
      },
      state: 'ready',
      destination: 'worker-2',
      crossplane: 'ready',
    },
  ];
}

/** Crossplane objects seeded on workers directly (not through Kratix), from the fixtures. */
export function demoCrossplaneObjects(): Array<{
  cluster: string;
  object: any;
}> {
  return [
    {
      cluster: 'worker-1',
      object: loadFixture('crossplane/e2e/legacy-claim.yaml')[0],
    },
    {
      cluster: 'worker-2',
      object: loadFixture('crossplane/e2e/basic-namespaced-xr.yaml')[0],
    },
  ];
}
