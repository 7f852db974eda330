import { sanitizeObject } from './sanitizeObject';

describe('sanitizeObject', () => {
  it('drops managedFields, the last-applied annotation and Secret data, also of embedded Secrets', () => {
    const object = {
      apiVersion: 'kubernetes.crossplane.io/v1alpha2',
      kind: 'Object',
      metadata: {
        name: 'creds',
        managedFields: [{ manager: 'kubectl' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"secret":1}',
          keep: 'me',
        },
      },
      spec: {
        forProvider: {
          manifest: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 's' },
            data: { a: 'c2VjcmV0' },
            stringData: { b: 'secret' },
            type: 'Opaque',
          },
        },
      },
    };
    const clean = sanitizeObject(object);
    expect(clean).toEqual({
      apiVersion: 'kubernetes.crossplane.io/v1alpha2',
      kind: 'Object',
      metadata: { name: 'creds', annotations: { keep: 'me' } },
      spec: {
        forProvider: {
          manifest: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 's' },
            type: 'Opaque',
          },
        },
      },
    });
    // The input is left alone.
    expect(object.metadata.managedFields).toHaveLength(1);
  });

  it('drops the data of a Secret itself', () => {
    expect(
      sanitizeObject({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {},
        data: { a: 'b' },
      }),
    ).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: {} });
  });
});
