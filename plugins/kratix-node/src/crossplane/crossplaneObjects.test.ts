import {
  claimXrd,
  describeWithFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { CrossplaneKinds } from './CrossplaneKinds';
import {
  crossplaneChildren,
  crossplaneRoleOf,
  placedObjectRef,
} from './crossplaneObjects';

const xrdV1 = claimXrd({
  group: 'awsblueprints.io',
  kind: 'XObjectStorage',
  plural: 'xobjectstorages',
  claimKind: 'ObjectStorage',
  claimPlural: 'objectstorages',
});

describe('CrossplaneKinds', () => {
  // Upstream crossplane/crossplane apis/apiextensions/v1/xrd_types.go: scope defaults to LegacyCluster, claimNames
  // define a namespaced claim; apis/apiextensions/v2/xrd_types.go: scope defaults to Namespaced.
  it('reads the composite and claim kinds of v1 and v2 XRDs, with their scope', () => {
    const kinds = CrossplaneKinds.of([
      xrdV1,
      {
        ...xrdV1,
        apiVersion: 'apiextensions.crossplane.io/v2',
        spec: { group: 'example.org', names: { kind: 'Test' } },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    ]);
    expect(kinds.get('awsblueprints.io/v1alpha1', 'XObjectStorage')).toEqual({
      role: 'composite',
      namespaced: false,
    });
    expect(kinds.get('awsblueprints.io/v1', 'ObjectStorage')).toEqual({
      role: 'claim',
      namespaced: true,
      compositeKind: 'XObjectStorage',
    });
    expect(kinds.get('example.org/v1alpha1', 'Test')).toEqual({
      role: 'composite',
      namespaced: true,
    });
    expect(kinds.size).toBe(3);
  });
});

describe('crossplaneRoleOf', () => {
  const none = new CrossplaneKinds();
  const of = (spec: unknown, parent?: any) =>
    crossplaneRoleOf({ apiVersion: 'x.io/v1', kind: 'X', spec }, none, parent);

  it('trusts the XRD first', () => {
    const kinds = CrossplaneKinds.of([xrdV1]);
    expect(
      crossplaneRoleOf(
        { apiVersion: 'awsblueprints.io/v1alpha1', kind: 'ObjectStorage' },
        kinds,
        'composite',
      ),
    ).toBe('claim');
  });

  // Upstream crossplane internal/controller/apiextensions/claim/reconciler.go binds a claim with spec.resourceRef;
  // composite/reconciler.go writes spec.resourceRefs (v2: spec.crossplane.resourceRefs) and claimRef.
  it('without an XRD, reads the references Crossplane writes', () => {
    expect(of({ resourceRef: { name: 'x' } })).toBe('claim');
    expect(of({ resourceRefs: [] })).toBe('composite');
    expect(of({ claimRef: { name: 'c' } })).toBe('composite');
    expect(of({ crossplane: { compositionRef: { name: 'c' } } })).toBe(
      'composite',
    );
    expect(of({ forProvider: {} })).toBe('managed');
    expect(of({}, 'composite')).toBe('managed');
    expect(of({}, 'claim')).toBe('composite');
    expect(of({ data: 1 })).toBeUndefined();
  });
});

describe('placedObjectRef and crossplaneChildren', () => {
  const kinds = CrossplaneKinds.of([xrdV1]);

  it('puts a claim written without a namespace in default, and a cluster-scoped composite in none', () => {
    expect(
      placedObjectRef(
        {
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'ObjectStorage',
          metadata: { name: 'b' },
        },
        kinds,
      ),
    ).toEqual({
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
      namespace: 'default',
      name: 'b',
    });
    expect(
      placedObjectRef(
        {
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'XObjectStorage',
          metadata: { name: 'b', namespace: 'team-a' },
        },
        kinds,
      ).namespace,
    ).toBeUndefined();
  });

  it("follows a claim to its composite and a composite to what it composes, in the composite's namespace", () => {
    const claim = {
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
      metadata: { name: 'b', namespace: 'default' },
      spec: {
        resourceRef: {
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'XObjectStorage',
          name: 'b-x',
        },
      },
    };
    expect(crossplaneChildren(claim, 'claim', kinds)).toEqual([
      {
        ref: {
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'XObjectStorage',
          name: 'b-x',
        },
        role: 'composite',
      },
    ]);
    const xr = {
      apiVersion: 'example.org/v1alpha1',
      kind: 'Test',
      metadata: { name: 't', namespace: 'team-a' },
      spec: {
        crossplane: {
          resourceRefs: [
            {
              apiVersion: 'nop.crossplane.io/v1alpha1',
              kind: 'Nop',
              name: 'n',
            },
            { apiVersion: 'v1', kind: 'Nameless' },
          ],
        },
      },
    };
    expect(crossplaneChildren(xr, 'composite', kinds)).toEqual([
      {
        ref: {
          apiVersion: 'nop.crossplane.io/v1alpha1',
          kind: 'Nop',
          namespace: 'team-a',
          name: 'n',
        },
        role: 'managed',
      },
    ]);
  });
});

describeWithFixtures('Crossplane roles of upstream objects', () => {
  it('a kratix-cli Promise carries the XRD its claim needs (kratix-cli test/assets/crossplane)', () => {
    const [promise] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-expected-output-promise.yaml',
    );
    const kinds = CrossplaneKinds.of(promise.spec.dependencies);
    expect(kinds.get('awsblueprints.io/v1alpha1', 'ObjectStorage')?.role).toBe(
      'claim',
    );
  });

  it('the Giant Swarm LogicalDatabaseClaim is a claim once its XRD is known, and nothing without one', () => {
    const [claim] = loadFixture(
      'kratix/dev-platform-kratix-promises__app-deployment-promise-containers-provision-infrastructure-pipeline-tests-resource_request_example-expected-output-LogicalDatabaseClaim.yaml',
    );
    expect(crossplaneRoleOf(claim, new CrossplaneKinds())).toBeUndefined();
    const kinds = CrossplaneKinds.of([
      {
        apiVersion: 'apiextensions.crossplane.io/v1',
        kind: 'CompositeResourceDefinition',
        metadata: {
          name: 'logicaldatabases.xdatabase.crossplane.giantswarm.io',
        },
        spec: {
          group: 'xdatabase.crossplane.giantswarm.io',
          names: { kind: 'LogicalDatabase' },
          claimNames: { kind: 'LogicalDatabaseClaim' },
        },
      },
    ]);
    expect(crossplaneRoleOf(claim, kinds)).toBe('claim');
    expect(placedObjectRef(claim, kinds).namespace).toBe('default');
  });

  it('the e2e XRDs of crossplane/crossplane: a legacy claim and a v2 namespaced XR', () => {
    const kinds = CrossplaneKinds.of([
      ...loadFixture('crossplane/e2e/legacy-setup-definition.yaml'),
      ...loadFixture('crossplane/e2e/basic-namespaced-setup-definition.yaml'),
    ]);
    const [claim] = loadFixture('crossplane/e2e/legacy-claim.yaml');
    const [xr] = loadFixture('crossplane/e2e/basic-namespaced-xr.yaml');
    expect(crossplaneRoleOf(claim, kinds)).toBe('claim');
    expect(crossplaneRoleOf(xr, kinds)).toBe('composite');
    expect(kinds.get(xr.apiVersion, xr.kind)?.namespaced).toBe(true);
    expect(kinds.get('nop.example.org/v1alpha1', 'XNopResource')).toEqual({
      role: 'composite',
      namespaced: false,
    });
  });
});
