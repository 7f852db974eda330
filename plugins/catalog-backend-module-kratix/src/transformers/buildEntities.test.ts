import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  Entity,
  FieldFormatEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import {
  claimXrd,
  describeWithFixtures,
  encodeWorkload,
  listFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { parse } from 'yaml';
import {
  buildEntities,
  BuildEntitiesOptions,
  KratixSnapshot,
} from './buildEntities';

const options = (
  over: Partial<BuildEntitiesOptions> = {},
): BuildEntitiesOptions => ({
  entityNamespace: 'default',
  defaultOwner: 'group:default/platform',
  ownerByNamespace: { 'team-a': 'group:default/team-a' },
  requestEntityKind: 'Resource',
  namespaces: { exclude: [] },
  templates: { enabled: false },
  crossplane: { enabled: true, managedResources: false, xrds: true },
  destinationCluster: d => d.metadata.labels?.['kratix.backstage.io/cluster'],
  isKnownCluster: c => ['platform', 'worker-1'].includes(c),
  ...over,
});

const snapshot = (over: Partial<KratixSnapshot> = {}): KratixSnapshot => ({
  platformCluster: 'platform',
  promises: [],
  destinations: [],
  works: [],
  workPlacements: [],
  requests: [],
  workers: {},
  ...over,
});

async function expectValid(entity: Entity) {
  await new SchemaValidEntityPolicy().enforce(entity);
  await new FieldFormatEntityPolicy().enforce(entity);
  const validator = {
    Component: componentEntityV1alpha1Validator,
    Resource: resourceEntityV1alpha1Validator,
    API: apiEntityV1alpha1Validator,
  }[entity.kind as 'Component' | 'Resource' | 'API'];
  if (validator) expect(await validator.check(entity)).toBe(true);
}

const find = (entities: Entity[], kind: string, name: string) =>
  entities.find(e => e.kind === kind && e.metadata.name === name);

const destination = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Destination',
  metadata: {
    name: 'worker-1',
    labels: { 'kratix.backstage.io/cluster': 'worker-1' },
  },
  spec: { path: 'worker-1' },
  status: {
    conditions: [{ type: 'Ready', status: 'True', reason: 'StateStoreReady' }],
  },
};

const allPromises = () =>
  listFixtures('kratix', /promise.*\.ya?ml$/).flatMap(file =>
    loadFixture(file).filter(doc => doc?.kind === 'Promise'),
  );

describeWithFixtures('buildEntities on the upstream fixtures', () => {
  it('turns every Promise into a valid Component, and each API into a valid openapi API', async () => {
    const promises = allPromises();
    const { entities, problems } = buildEntities(
      snapshot({ promises }),
      options(),
    );
    expect(problems).toEqual([]);
    for (const entity of entities) await expectValid(entity);
    const kafka = find(entities, 'Component', 'kafka_platform')!;
    expect(kafka.spec).toMatchObject({
      type: 'kratix-promise',
      owner: 'group:default/platform',
      providesApis: ['api:default/kafka_platform'],
    });
    expect(kafka.metadata.annotations).toMatchObject({
      'kratix.backstage.io/cluster': 'platform',
      'kratix.backstage.io/kind': 'Promise',
      'kratix.backstage.io/name': 'kafka',
      'kratix.backstage.io/api-group': 'marketplace.kratix.io',
      'kratix.backstage.io/api-kind': 'kafka',
    });
    const api = find(entities, 'API', 'kafka_platform')!;
    const doc = parse(api.spec!.definition as string);
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.components.schemas.kafka.properties.spec).toBeDefined();
    expect(Object.keys(doc.paths)).toContain(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/{namespace}/kafkas',
    );
    // A Promise without an API (it only installs Crossplane) has no API entity.
    expect(find(entities, 'Component', 'crossplane_platform')).toBeDefined();
    expect(find(entities, 'API', 'crossplane_platform')).toBeUndefined();
  });

  it('relates a Promise to the Promises it requires', () => {
    const promises = loadFixture(
      'kratix/kratix__internal-controller-assets-promise-with-requirements.yaml',
    );
    const { entities } = buildEntities(snapshot({ promises }), options());
    const component = entities.find(e => e.kind === 'Component')!;
    expect((component.spec!.dependsOn as string[]).length).toBeGreaterThan(0);
    expect(
      component.metadata.annotations!['kratix.backstage.io/required-promises'],
    ).toBeTruthy();
  });

  it('turns an unlabelled request into a Resource of its Promise, without the Kubernetes plugin annotations by default', async () => {
    const [request] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const { entities, problems } = buildEntities(
      snapshot({ promises: allPromises(), requests: [request] }),
      options(),
    );
    expect(problems).toEqual([]);
    const rr = find(
      entities,
      'Resource',
      'example_default_kafka.marketplace.kratix.io_platform',
    )!;
    await expectValid(rr);
    expect(rr.spec).toMatchObject({
      type: 'kratix-resource',
      owner: 'group:default/platform',
      dependsOn: ['component:default/kafka_platform'],
    });
    expect(rr.metadata.annotations).toMatchObject({
      'kratix.backstage.io/promise': 'kafka',
      'kratix.backstage.io/status': 'in-progress',
    });
    // A stock portal shows a Kubernetes tab for any of these, which fails until its Kubernetes backend is set up.
    expect(
      Object.keys(rr.metadata.annotations!).filter(k =>
        k.startsWith('backstage.io/kubernetes'),
      ),
    ).toEqual([]);
  });

  it('adds the Kubernetes plugin annotations to a request when configured', () => {
    const [request] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const { entities } = buildEntities(
      snapshot({ promises: allPromises(), requests: [request] }),
      options({ requestKubernetesAnnotations: true }),
    );
    const rr = find(
      entities,
      'Resource',
      'example_default_kafka.marketplace.kratix.io_platform',
    )!;
    // syntasso/kratix api/v1alpha1/pipeline_types.go labels a request's pipeline objects with kratix.io/promise-name
    // and kratix.io/resource-name, which the label selector finds.
    expect(rr.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'example',
      'backstage.io/kubernetes-namespace': 'default',
      'backstage.io/kubernetes-label-selector':
        'kratix.io/promise-name=kafka,kratix.io/resource-name=example',
    });
  });

  it('takes the owner from the request, else the namespace, else the default; Component when configured', () => {
    const [request] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const stamped = structuredClone(request);
    stamped.metadata.name = 'stamped';
    stamped.metadata.annotations = {
      'kratix.backstage.io/owner': 'user:default/jane',
    };
    const mapped = structuredClone(request);
    mapped.metadata.namespace = 'team-a';
    const { entities } = buildEntities(
      snapshot({
        promises: allPromises(),
        requests: [request, stamped, mapped],
      }),
      options({ requestEntityKind: 'Component' }),
    );
    const owners = Object.fromEntries(
      entities
        .filter(e => e.spec?.type === 'kratix-resource')
        .map(e => [e.metadata.name, e.spec!.owner]),
    );
    expect(owners).toEqual({
      'example_default_kafka.marketplace.kratix.io_platform':
        'group:default/platform',
      'stamped_default_kafka.marketplace.kratix.io_platform':
        'user:default/jane',
      'example_team-a_kafka.marketplace.kratix.io_platform':
        'group:default/team-a',
    });
    expect(
      entities
        .filter(e => e.spec?.type === 'kratix-resource')
        .every(e => e.kind === 'Component'),
    ).toBe(true);
  });

  it('reports an owner annotation that is not an entity reference, naming the object, the value and the owner used instead', async () => {
    const [request] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const odd = `team a!! ${'x'.repeat(291)}`;
    const rr = structuredClone(request);
    rr.metadata.namespace = 'team-a';
    rr.metadata.annotations = { 'kratix.backstage.io/owner': odd };
    const promises = allPromises().map(p =>
      p.metadata.name === 'kafka'
        ? {
            ...p,
            metadata: {
              ...p.metadata,
              annotations: { 'kratix.backstage.io/owner': 'not an owner' },
            },
          }
        : p,
    );
    const { entities, problems } = buildEntities(
      snapshot({ promises, requests: [rr] }),
      options(),
    );
    const entity = find(
      entities,
      'Resource',
      'example_team-a_kafka.marketplace.kratix.io_platform',
    )!;
    await expectValid(entity);
    expect(entity.spec!.owner).toBe('group:default/team-a');
    expect(find(entities, 'Component', 'kafka_platform')!.spec!.owner).toBe(
      'group:default/platform',
    );
    expect(problems).toEqual([
      "Promise 'kafka' on cluster 'platform' has the annotation kratix.backstage.io/owner 'not an owner', which is not an entity reference such as group:default/platform-team; its entities are owned by 'group:default/platform' instead. Fix the annotation to change the owner",
      `kafka 'team-a/example' on cluster 'platform' has the annotation kratix.backstage.io/owner '${odd.slice(
        0,
        100,
      )}… (300 characters)', which is not an entity reference such as group:default/platform-team; its entities are owned by 'group:default/team-a' instead. Fix the annotation to change the owner`,
    ]);
  });

  it('follows a request through its WorkPlacement to a Destination, its Crossplane claim, XR and managed resources', async () => {
    const promises = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-expected-output-promise.yaml',
    );
    const [xrd] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-xrd.yaml',
    );
    const [request] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-expected-output-example-resource.yaml',
    );
    request.metadata.labels = {
      'kratix.io/promise-name': promises[0].metadata.name,
    };
    // What the pipeline writes: a claim of the XRD's claim kind, same name as the request, namespace default.
    const claim = {
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
      metadata: { name: request.metadata.name, namespace: 'default' },
      spec: {},
    };
    const liveClaim = {
      ...claim,
      spec: {
        resourceRef: {
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'XObjectStorage',
          name: 'example-request-x1',
        },
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Synced', status: 'True' },
        ],
      },
    };
    const liveXr = {
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'XObjectStorage',
      metadata: { name: 'example-request-x1' },
      spec: {
        resourceRefs: [
          {
            apiVersion: 's3.aws.upbound.io/v1beta1',
            kind: 'Bucket',
            name: 'bucket-1',
          },
        ],
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'Creating' },
          { type: 'Synced', status: 'True' },
        ],
      },
    };
    const bucket = {
      apiVersion: 's3.aws.upbound.io/v1beta1',
      kind: 'Bucket',
      metadata: { name: 'bucket-1' },
      status: {
        conditions: [
          {
            type: 'Synced',
            status: 'False',
            reason: 'ReconcileError',
            message: 'denied',
          },
        ],
      },
    };
    const workPlacement = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: 'wp',
        namespace: 'default',
        labels: { 'kratix.io/work': 'w' },
      },
      spec: {
        targetDestinationName: 'worker-1',
        promiseName: promises[0].metadata.name,
        resourceName: request.metadata.name,
        workloads: [
          { filepath: 'claim.yaml', content: encodeWorkload([claim]) },
        ],
      },
    };
    const input = snapshot({
      promises,
      destinations: [destination],
      workPlacements: [workPlacement],
      requests: [request],
      workers: {
        'worker-1': { xrds: [xrd], objects: [liveClaim, liveXr, bucket] },
      },
    });

    const { entities, problems, watch, workerClusters } = buildEntities(
      input,
      options(),
    );
    expect(problems).toEqual([]);
    for (const entity of entities) await expectValid(entity);
    expect(workerClusters).toEqual(['worker-1']);
    const claimName =
      'example-request_default_objectstorage.awsblueprints.io_worker-1';
    const xrName =
      'example-request-x1_xobjectstorage.awsblueprints.io_worker-1';
    const rr = entities.find(e => e.spec?.type === 'kratix-resource')!;
    expect(rr.spec!.dependsOn).toEqual(
      expect.arrayContaining([
        'resource:default/worker-1_platform',
        `resource:default/${claimName}`,
      ]),
    );
    expect(find(entities, 'Resource', claimName)).toMatchObject({
      spec: {
        type: 'crossplane-claim',
        dependsOn: [`resource:default/${xrName}`],
      },
      metadata: {
        annotations: {
          'kratix.backstage.io/ready': 'True',
          'kratix.backstage.io/synced': 'True',
          'kratix.backstage.io/status': 'ready',
        },
      },
    });
    // Managed resources are off by default: the XR is ingested, its Bucket is not.
    expect(find(entities, 'Resource', xrName)!.spec!.type).toBe(
      'crossplane-xr',
    );
    expect(entities.some(e => e.spec?.type === 'crossplane-managed')).toBe(
      false,
    );
    expect(
      find(entities, 'API', 'xobjectstorages.awsblueprints.io_xrd_worker-1'),
    ).toBeDefined();
    expect(watch).toEqual(
      expect.arrayContaining([
        {
          cluster: 'worker-1',
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'ObjectStorage',
        },
        {
          cluster: 'worker-1',
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'XObjectStorage',
        },
      ]),
    );

    // Before any claim is read live, the claim kind and its XRD's composite kind are asked for together: one wave of
    // reads, not one for the claims and another once their spec.resourceRef is known.
    const beforeLive = buildEntities(
      { ...input, workers: { 'worker-1': { xrds: [xrd], objects: [] } } },
      options(),
    );
    expect(
      beforeLive.watch
        .map(t => `${t.cluster} ${t.apiVersion} ${t.kind}`)
        .sort(),
    ).toEqual([
      'worker-1 awsblueprints.io/v1alpha1 ObjectStorage',
      'worker-1 awsblueprints.io/v1alpha1 XObjectStorage',
    ]);

    const withManaged = buildEntities(
      input,
      options({
        crossplane: { enabled: true, managedResources: true, xrds: true },
      }),
    );
    const managed = withManaged.entities.find(
      e => e.spec?.type === 'crossplane-managed',
    )!;
    expect(managed.metadata.annotations).toMatchObject({
      'kratix.backstage.io/synced': 'False',
      'kratix.backstage.io/status': 'failed',
    });
    expect(
      find(withManaged.entities, 'Resource', xrName)!.spec!.dependsOn,
    ).toEqual([`resource:default/${managed.metadata.name}`]);
  });

  it('recognises Crossplane v2 namespaced XRs written by a pipeline', () => {
    const [xrd] = loadFixture(
      'crossplane/e2e/basic-namespaced-setup-definition.yaml',
    );
    const [xr] = loadFixture('crossplane/e2e/basic-namespaced-xr.yaml');
    const promises = allPromises();
    const [request] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const workPlacement = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: { name: 'wp', namespace: 'default' },
      spec: {
        targetDestinationName: 'worker-1',
        promiseName: 'kafka',
        resourceName: 'example',
        workloads: [{ filepath: 'xr.yaml', content: encodeWorkload([xr]) }],
      },
    };
    const { entities } = buildEntities(
      snapshot({
        promises,
        requests: [request],
        destinations: [destination],
        workPlacements: [workPlacement],
        workers: { 'worker-1': { xrds: [xrd], objects: [xr] } },
      }),
      options(),
    );
    const entity = entities.find(e => e.spec?.type === 'crossplane-xr')!;
    expect(entity.metadata.annotations).toMatchObject({
      'kratix.backstage.io/namespace': 'default',
      'kratix.backstage.io/status': 'in-progress',
    });
  });

  // Upstream syntasso/kratix internal/controller/scheduler.go copies a workload group into the WorkPlacement; when a
  // WorkPlacement carries none, its Work's group of the same id tells what it placed. work-creator/lib/work_creator.go
  // puts the Work in the Promise's pipelineNamespace, labelled kratix.io/resource-namespace.
  it("reads what a WorkPlacement placed from its Work's workload group, a List's items included, in a pipeline namespace", () => {
    const [claim] = loadFixture(
      'kratix/dev-platform-kratix-promises__app-deployment-promise-containers-provision-infrastructure-pipeline-tests-resource_request_example-expected-output-LogicalDatabaseClaim.yaml',
    );
    const xrd = claimXrd({
      group: 'xdatabase.crossplane.giantswarm.io',
      kind: 'LogicalDatabase',
      plural: 'logicaldatabases',
      claimKind: 'LogicalDatabaseClaim',
      claimPlural: 'logicaldatabaseclaims',
    });
    const promises = allPromises();
    const [request] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const work = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: 'kafka-example-default-instance-configure',
        namespace: 'pipelines',
        labels: { 'kratix.io/resource-namespace': 'default' },
      },
      spec: {
        promiseName: 'kafka',
        resourceName: 'example',
        workloadGroups: [
          {
            id: 'g1',
            workloads: [
              {
                filepath: 'claims.yaml',
                content: encodeWorkload([{ kind: 'List', items: [claim] }]),
              },
            ],
          },
        ],
      },
    };
    const workPlacement = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: 'kafka-example-default-instance-configure.worker-1-g1',
        namespace: 'pipelines',
        labels: { 'kratix.io/work': work.metadata.name },
      },
      spec: { targetDestinationName: 'worker-1', id: 'g1' },
    };
    const { entities, problems } = buildEntities(
      snapshot({
        promises,
        requests: [request],
        destinations: [destination],
        works: [work],
        workPlacements: [workPlacement],
        workers: { 'worker-1': { xrds: [xrd], objects: [claim] } },
      }),
      options(),
    );
    expect(problems).toEqual([]);
    const claimEntity = entities.find(e => e.spec?.type === 'crossplane-claim');
    expect(claimEntity?.metadata.annotations).toMatchObject({
      'kratix.backstage.io/cluster': 'worker-1',
      'kratix.backstage.io/kind': 'LogicalDatabaseClaim',
      'kratix.backstage.io/namespace': 'default',
      'kratix.backstage.io/name': 'my-go-project-1',
    });
    const rr = entities.find(e => e.spec?.type === 'kratix-resource')!;
    expect(rr.spec!.dependsOn).toEqual(
      expect.arrayContaining([
        `resource:default/${claimEntity!.metadata.name}`,
      ]),
    );
  });

  it('skips malformed objects with a reason and ingests the rest', () => {
    const promises = allPromises();
    const { entities, problems } = buildEntities(
      snapshot({
        promises: [...promises, { kind: 'Promise', metadata: {} }, 42],
        destinations: [
          {
            apiVersion: 'platform.kratix.io/v1alpha1',
            kind: 'Destination',
            metadata: { name: 'd', labels: 'oops' },
          },
        ],
        requests: [
          {
            apiVersion: 'nobody.example.com/v1',
            kind: 'Thing',
            metadata: { name: 'x', namespace: 'default' },
          },
        ],
      }),
      options(),
    );
    expect(entities.filter(e => e.kind === 'Component')).toHaveLength(
      promises.length,
    );
    expect(problems).toEqual([
      expect.stringContaining('apiVersion is missing'),
      expect.stringContaining('it is not an object'),
      expect.stringContaining('metadata.labels is not a map'),
      expect.stringContaining('no Promise offers Thing'),
    ]);
  });

  it('generates Templates unless disabled or the Promise opts out', () => {
    const promises = allPromises();
    const optOut = structuredClone(
      promises.find(p => p.metadata.name === 'kafka'),
    );
    optOut.metadata.annotations = {
      'kratix.backstage.io/generate-template': 'false',
    };
    const promiseToTemplate = jest.fn((p: any) => ({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: `${p.metadata.name}-template`, namespace: 'default' },
      spec: {},
    }));
    const { entities } = buildEntities(
      snapshot({
        promises: [
          ...promises.filter(p => p.metadata.name !== 'kafka'),
          optOut,
        ],
      }),
      options({ templates: { enabled: true, promiseToTemplate } }),
    );
    expect(entities.filter(e => e.kind === 'Template')).toHaveLength(
      promises.length - 1,
    );
    // Named like the Promise's entity and located where the Promise is, as
    // the catalog requires of every provided entity.
    expect(
      entities.find(
        e =>
          e.kind === 'Template' &&
          e.metadata.title === undefined &&
          e.metadata.name === 'redis_platform',
      )?.metadata.annotations,
    ).toMatchObject({
      'backstage.io/managed-by-location':
        'kratix:platform/platform.kratix.io/v1alpha1/Promise/redis',
      'kratix.backstage.io/cluster': 'platform',
    });
    expect(promiseToTemplate).toHaveBeenCalledWith(
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'redis' }),
      }),
      {
        cluster: 'platform',
        entityNamespace: 'default',
        owner: 'group:default/platform',
        promiseEntityRef: 'component:default/redis_platform',
      },
    );
    const none = buildEntities(
      snapshot({ promises }),
      options({ templates: { enabled: false, promiseToTemplate } }),
    );
    expect(none.entities.some(e => e.kind === 'Template')).toBe(false);
  });
});
