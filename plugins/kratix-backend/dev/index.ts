import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// A minimal backend for working on this plugin: `yarn start` in this folder, with `kratix.clusters` in app-config
// (e.g. the clusters `yarn workspace @kratix-backstage/demo-platform start` prints). Then, for example:
//
//   curl http://localhost:7007/api/kratix/promises
//   curl http://localhost:7007/api/kratix/entities/component/default/redis_platform/summary
//
// Auth is mocked, so every request runs as a mock user; add `-H 'Authorization: Bearer mock-none-token'` to see a 401.

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'redis_platform',
          title: 'Redis',
          annotations: {
            'kratix.backstage.io/cluster': 'platform',
            'kratix.backstage.io/api-version': 'platform.kratix.io/v1alpha1',
            'kratix.backstage.io/kind': 'Promise',
            'kratix.backstage.io/name': 'redis',
          },
        },
        spec: { type: 'kratix-promise', owner: 'platform', lifecycle: 'dev' },
      },
    ],
  }),
);

backend.add(import('../src'));

backend.start();
