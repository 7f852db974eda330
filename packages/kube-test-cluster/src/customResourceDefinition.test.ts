import { customResourceDefinition, looseCrd } from './customResourceDefinition';

describe('customResourceDefinition', () => {
  it('names the CRD after plural and group, and serves status on every version', () => {
    const crd = customResourceDefinition({
      group: 'example.org',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: true,
      categories: ['demo'],
      labels: { team: 'a' },
      versions: [
        { name: 'v1', schema: { type: 'object' } },
        { name: 'v2', served: false },
      ],
    });
    expect(crd.metadata).toEqual({
      name: 'widgets.example.org',
      labels: { team: 'a' },
    });
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toEqual({
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      listKind: 'WidgetList',
      categories: ['demo'],
    });
    expect(crd.spec.versions).toEqual([
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object' } },
        subresources: { status: {} },
      },
      expect.objectContaining({
        name: 'v2',
        served: false,
        storage: false,
        subresources: { status: {} },
      }),
    ]);
  });
});

describe('looseCrd', () => {
  it('keeps any spec and status of a cluster-scoped kind', () => {
    const crd = looseCrd({
      apiVersion: 'rds.aws.upbound.io/v1beta1',
      kind: 'Instance',
      plural: 'instances',
      namespaced: false,
    });
    expect(crd.metadata.name).toBe('instances.rds.aws.upbound.io');
    expect(crd.spec.scope).toBe('Cluster');
    const [version] = crd.spec.versions;
    expect(version.name).toBe('v1beta1');
    expect(version.schema.openAPIV3Schema.properties).toEqual({
      spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    });
    expect(version.additionalPrinterColumns).toBeUndefined();
  });
});
