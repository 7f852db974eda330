import {
  describeWithFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { getSpecSchema } from '../schema/getSpecSchema';
import { structuralSchemaToJsonSchema } from '../schema/structuralSchemaToJsonSchema';
import {
  Condition,
  KratixPromise,
  KratixPromiseRevision,
  KratixResourceBinding,
} from '../types';
import { getPromiseApi } from './getPromiseApi';
import {
  checkTargetVersion,
  findResourceBinding,
  getBindingVersionStrategy,
  getLatestRevision,
  getPromiseRevisions,
  getPromiseVersion,
  getResourceVersionView,
  getRevisionSchema,
  getUpgradeResult,
} from './promiseVersions';

const api = (property: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  spec: {
    group: 'test.kratix.io',
    names: { kind: 'Upgrade', plural: 'upgrades' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: [property],
                properties: { [property]: { type: 'string' } },
              },
            },
          },
        },
      },
    ],
  },
});

function revision(
  version: string,
  o: { promise?: string; latest?: boolean; label?: boolean } = {},
): KratixPromiseRevision {
  const promise = o.promise ?? 'upgrade';
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'PromiseRevision',
    metadata: {
      name: `${promise}-${version}`,
      labels: {
        'kratix.io/promise-name': promise,
        ...(o.label && { 'kratix.io/latest-revision': 'true' }),
      },
    },
    spec: {
      promiseRef: { name: promise },
      promiseSpec: { api: api(version === 'v2' ? 'size' : 'configMapName') },
      version,
    },
    status: o.latest === undefined ? {} : { latest: o.latest },
  };
}

function binding(
  version: string,
  o: {
    name?: string;
    resource?: string;
    namespace?: string;
    promise?: string;
    lastApplied?: string;
    failedVersion?: string;
    condition?: Partial<Condition>;
    labels?: boolean;
  } = {},
): KratixResourceBinding {
  const resource = o.resource ?? 'upgrade-rr-one';
  const promise = o.promise ?? 'upgrade';
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name: o.name ?? `${resource}-${promise}-a1b2c`,
      namespace: o.namespace ?? 'default',
      labels:
        o.labels === false
          ? {}
          : {
              'kratix.io/promise-name': promise,
              'kratix.io/resource-name': resource,
            },
    },
    spec: {
      version,
      promiseRef: { name: promise },
      resourceRef: { name: resource, namespace: o.namespace ?? 'default' },
    },
    status: {
      lastAppliedVersion: o.lastApplied,
      failedVersion: o.failedVersion,
      conditions: o.condition
        ? [{ type: 'UpgradeSucceeded', status: 'Unknown', ...o.condition }]
        : [],
    },
  };
}

describe('getPromiseVersion', () => {
  // Upstream syntasso/kratix internal/controller/promise_controller.go (handlePromiseVersion).
  it('is the label kratix.io/promise-version, or none', () => {
    expect(
      getPromiseVersion({
        metadata: { labels: { 'kratix.io/promise-version': 'v0.1.0-BETA' } },
      }),
    ).toBe('v0.1.0-BETA');
    expect(getPromiseVersion({ metadata: { labels: {} } })).toBeUndefined();
    expect(getPromiseVersion(undefined)).toBeUndefined();
  });
});

describe('getPromiseRevisions and getLatestRevision', () => {
  it("keeps one Promise's revisions, newest version first, numbers compared as numbers", () => {
    const all = [
      revision('v1.9.0'),
      revision('v1.10.0'),
      revision('v1.10.0', { promise: 'other' }),
      revision('v0.1.0'),
    ];
    expect(
      getPromiseRevisions('upgrade', all).map(r => r.spec.version),
    ).toEqual(['v1.10.0', 'v1.9.0', 'v0.1.0']);
  });

  it('finds a revision by spec.promiseRef until Kratix has labelled it', () => {
    // Upstream internal/controller/promiserevision_controller.go adds kratix.io/promise-name from spec.promiseRef.
    const unlabelled = revision('v1');
    unlabelled.metadata.labels = {};
    expect(getPromiseRevisions('upgrade', [unlabelled])).toHaveLength(1);
  });

  // Upstream internal/controller/dynamic_resource_request_controller.go (latestRevision) resolves `latest` by
  // status.latest; promiserevision_controller.go sets it from the kratix.io/latest-revision label.
  it('is the revision with status.latest', () => {
    const latest = revision('v2', { latest: true });
    expect(getLatestRevision([revision('v1', { latest: false }), latest])).toBe(
      latest,
    );
  });

  it('prefers the labelled one while the mark moves, and the label alone before status is set', () => {
    const next = revision('v2', { latest: true, label: true });
    expect(getLatestRevision([revision('v1', { latest: true }), next])).toBe(
      next,
    );
    const fresh = revision('v2', { label: true });
    expect(getLatestRevision([revision('v1'), fresh])).toBe(fresh);
    expect(getLatestRevision([revision('v1')])).toBeUndefined();
  });
});

describe('findResourceBinding', () => {
  const target = {
    promiseName: 'upgrade',
    name: 'upgrade-rr-three',
    namespace: 'default',
  };

  // Upstream test/system/assets/promise-revision/resource-binding-3.yaml: a binding made before its request, under
  // a name Kratix would not choose, is adopted by its labels.
  it('finds the binding by its labels, whatever its name', () => {
    const pre = binding('v0.1.0-BETA', {
      name: 'pre-created-binding-for-rr-three',
      resource: 'upgrade-rr-three',
    });
    expect(findResourceBinding(target, [binding('latest'), pre])).toBe(pre);
  });

  it('ignores a binding in another namespace, of another Promise, or without the labels', () => {
    expect(
      findResourceBinding(target, [
        binding('latest', {
          resource: 'upgrade-rr-three',
          namespace: 'team-b',
        }),
        binding('latest', { resource: 'upgrade-rr-three', promise: 'other' }),
        binding('latest', { resource: 'upgrade-rr-three', labels: false }),
      ]),
    ).toBeUndefined();
  });

  // Upstream findResourceBinding refuses to pick one of several.
  it('finds none when two bindings claim one request', () => {
    const b = binding('latest', { resource: 'upgrade-rr-three' });
    expect(findResourceBinding(target, [b, { ...b }])).toBeUndefined();
  });

  it('matches a name too long for a label on spec.resourceRef', () => {
    const name = 'r'.repeat(70);
    const b = binding('latest', { resource: name });
    b.metadata.labels!['kratix.io/resource-name'] = 'rrrrr-hashed';
    expect(findResourceBinding({ ...target, name }, [b])).toBe(b);
  });
});

// Upstream internal/controller/dynamic_resource_request_controller.go (syncResourceBindingUpgradeStatus,
// syncResourceBindingUpgradeInProgressStatus) and api/v1alpha1/resourcebinding_types.go (InFlightVersion).
describe('getUpgradeResult', () => {
  it('is none before any upgrade', () => {
    expect(getUpgradeResult(binding('latest', { lastApplied: 'v1' }))).toEqual({
      state: 'none',
    });
    expect(getUpgradeResult(undefined)).toEqual({ state: 'none' });
  });

  it('reads an upgrade in progress and the version in flight', () => {
    expect(
      getUpgradeResult(
        binding('latest', {
          lastApplied: 'v1',
          condition: {
            status: 'Unknown',
            reason: 'UpgradeInProgress',
            message: 'Upgrade to version v0.2.0-NEXTVERSION is in progress',
          },
        }),
      ),
    ).toEqual({
      state: 'inProgress',
      version: 'v0.2.0-NEXTVERSION',
      message: 'Upgrade to version v0.2.0-NEXTVERSION is in progress',
    });
  });

  it('reads a completed upgrade', () => {
    expect(
      getUpgradeResult(
        binding('latest', {
          lastApplied: 'v2',
          condition: {
            status: 'True',
            reason: 'UpgradeComplete',
            message: 'Resource is at version v2',
          },
        }),
      ),
    ).toEqual({
      state: 'succeeded',
      version: 'v2',
      message: 'Resource is at version v2',
    });
  });

  it("reads a failed upgrade with failedVersion and the workflow's message", () => {
    expect(
      getUpgradeResult(
        binding('latest', {
          lastApplied: 'v1',
          failedVersion: 'v3',
          condition: {
            status: 'False',
            reason: 'UpgradeFailed',
            message: 'The resource-configure pipeline failed',
          },
        }),
      ),
    ).toEqual({
      state: 'failed',
      failedVersion: 'v3',
      reason: 'UpgradeFailed',
      message: 'The resource-configure pipeline failed',
    });
  });
});

describe('getResourceVersionView', () => {
  const latest = revision('v2', { latest: true });

  it('a floating request on the latest version: nothing to do', () => {
    expect(
      getResourceVersionView(
        { status: { promiseVersion: 'v2' } },
        binding('latest', { lastApplied: 'v2' }),
        latest,
      ),
    ).toEqual({
      running: 'v2',
      desired: 'latest',
      pinned: false,
      latestVersion: 'v2',
      upgrade: { state: 'none' },
      upgradeAvailable: false,
    });
  });

  // Upstream test/system/promise_revision_test.go: a pinned request stays on its version when a new one comes.
  it('a request pinned to an older version has an upgrade available', () => {
    const view = getResourceVersionView(
      { status: { promiseVersion: 'v1' } },
      binding('v1', { lastApplied: 'v1' }),
      latest,
    );
    expect(view).toMatchObject({
      running: 'v1',
      desired: 'v1',
      pinned: true,
      upgradeAvailable: true,
    });
  });

  it('no upgrade is offered once the binding asks for the latest version, pinned or floating', () => {
    for (const desired of ['v2', 'latest']) {
      expect(
        getResourceVersionView(
          { status: { promiseVersion: 'v1' } },
          binding(desired, { lastApplied: 'v1' }),
          latest,
        ).upgradeAvailable,
      ).toBe(false);
    }
  });

  // Upstream getPromiseRevisionForReconcile: without a binding the request's status is what it runs.
  it("falls back to the request's status without a binding", () => {
    expect(
      getResourceVersionView(
        {
          status: { promiseVersion: 'v1', resourceBindingVersion: 'v1' },
        },
        undefined,
        latest,
      ),
    ).toMatchObject({
      running: 'v1',
      desired: 'v1',
      pinned: true,
      upgradeAvailable: true,
    });
    expect(
      getResourceVersionView({ status: {} }, undefined, undefined),
    ).toEqual({
      running: undefined,
      desired: undefined,
      pinned: false,
      latestVersion: undefined,
      upgrade: { state: 'none' },
      upgradeAvailable: false,
    });
  });

  it("prefers the binding's lastAppliedVersion over the request's status", () => {
    expect(
      getResourceVersionView(
        { status: { promiseVersion: 'v1' } },
        binding('latest', { lastApplied: 'v2' }),
        latest,
      ).running,
    ).toBe('v2');
  });
});

describe('checkTargetVersion', () => {
  const revisions = [
    revision('v1', { latest: false }),
    revision('v2', { latest: true, label: true }),
    revision('v9', { promise: 'other' }),
  ];

  it('takes a version of one of the Promise revisions', () => {
    const check = checkTargetVersion('upgrade', 'v1', revisions);
    expect(check).toMatchObject({ ok: true, version: 'v1' });
    expect(check.ok && check.revision.spec.version).toBe('v1');
  });

  it('takes latest, resolved to the latest revision', () => {
    const check = checkTargetVersion('upgrade', 'latest', revisions);
    expect(check.ok && check.revision.spec.version).toBe('v2');
  });

  it('refuses a version the Promise does not have, naming the field and the versions there are', () => {
    expect(checkTargetVersion('upgrade', 'v9', revisions)).toEqual({
      ok: false,
      message:
        "Promise 'upgrade' has no revision with version 'v9' (spec.version); choose one of: v2, v1, or 'latest'",
    });
    expect(checkTargetVersion('nothing', 'latest', revisions)).toEqual({
      ok: false,
      message:
        "Promise 'nothing' has no revision marked latest yet (versions: none); wait for Kratix to create one, or pin a version",
    });
  });
});

describe('getRevisionSchema', () => {
  it("converts each revision's own API", () => {
    const v1 = getRevisionSchema(revision('v1'))!;
    const v2 = getRevisionSchema(revision('v2'))!;
    expect(v1.api.apiVersion).toBe('test.kratix.io/v1alpha1');
    expect(v1.specJsonSchema.required).toEqual(['configMapName']);
    expect(v2.specJsonSchema.required).toEqual(['size']);
  });

  it('is undefined for a version without an API', () => {
    const noApi = revision('v1');
    noApi.spec.promiseSpec = {};
    expect(getRevisionSchema(noApi)).toBeUndefined();
  });
});

// Upstream cmd/main.go (getResourceBindingDefaultVersion).
describe('getBindingVersionStrategy', () => {
  it('is pinned only when the ConfigMap says so, floating otherwise', () => {
    expect(getBindingVersionStrategy('pinned')).toBe('pinned');
    expect(getBindingVersionStrategy('floating')).toBe('floating');
    expect(getBindingVersionStrategy('sometimes')).toBe('floating');
    expect(getBindingVersionStrategy(undefined)).toBe('floating');
  });
});

describeWithFixtures('promise versions on real fixtures', () => {
  it("reads the marketplace redis Promise's version, and its revision's schema as the Promise's", () => {
    const [promise]: KratixPromise[] = loadFixture(
      'kratix/kratix-marketplace__redis-promise.yaml',
    );
    expect(getPromiseVersion(promise)).toBe('v0.1.0');
    const schema = getRevisionSchema({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'PromiseRevision',
      metadata: { name: 'redis-v0.1.0' },
      spec: {
        promiseRef: { name: 'redis' },
        promiseSpec: promise.spec!,
        version: 'v0.1.0',
      },
    })!;
    const spec = getSpecSchema(getPromiseApi(promise)!.schema);
    expect(spec.kind).toBe('schema');
    expect(schema.specJsonSchema).toEqual(
      spec.kind === 'schema' ? structuralSchemaToJsonSchema(spec.schema) : {},
    );
  });
});
