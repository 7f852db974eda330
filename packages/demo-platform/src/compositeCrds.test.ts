import {
  describeWithFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { compositeCrds } from './compositeCrds';

describeWithFixtures('compositeCrds', () => {
  it('makes a cluster-scoped XR and a namespaced claim CRD for a v1 XRD with claimNames', () => {
    const [xrd] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-xrd.yaml',
    );
    const [xr, claim] = compositeCrds(xrd);
    expect(xr.metadata.name).toBe('xobjectstorages.awsblueprints.io');
    expect(xr.spec.scope).toBe('Cluster');
    expect(claim.metadata.name).toBe('objectstorages.awsblueprints.io');
    expect(claim.spec.scope).toBe('Namespaced');
    const spec = xr.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(Object.keys(spec.properties)).toEqual(
      expect.arrayContaining([
        'resourceConfig',
        'claimRef',
        'resourceRefs',
        'compositionRef',
      ]),
    );
    expect(
      claim.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties
        .resourceRef,
    ).toBeDefined();
    expect(xr.spec.versions[0].subresources).toEqual({ status: {} });
  });

  it('makes one namespaced XR CRD with spec.crossplane for a v2 XRD', () => {
    const [xrd] = loadFixture(
      'crossplane/e2e/basic-namespaced-setup-definition.yaml',
    );
    const crds = compositeCrds(xrd);
    expect(crds).toHaveLength(1);
    expect(crds[0].spec.scope).toBe('Namespaced');
    const spec =
      crds[0].spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(spec.properties.crossplane).toBeDefined();
    expect(spec.required).toEqual(['coolField']);
  });
});
