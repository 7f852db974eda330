import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { scaffolderModuleKratix } from './module';

describe('scaffolderModuleKratix', () => {
  it('registers its actions with a real scaffolder backend', async () => {
    const { server } = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        scaffolderModuleKratix,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              clusters: [
                {
                  name: 'platform',
                  url: 'https://platform.example.com',
                  serviceAccountToken: 'token',
                },
              ],
              scaffolder: { wait: { timeoutSeconds: 120 } },
            },
          },
        }),
      ],
    });

    const response = await request(server).get('/api/scaffolder/v2/actions');
    expect(response.status).toBe(200);
    const actions = new Map<string, any>(
      response.body.map((a: any) => [a.id, a]),
    );
    for (const id of [
      'kratix:resource:request',
      'kratix:resource:delete',
      'kratix:resource:manifest',
      'kratix:resource:upgrade',
    ]) {
      expect(actions.get(id)).toMatchObject({
        id,
        description: expect.any(String),
        examples: expect.any(Array),
        schema: {
          input: { type: 'object', properties: expect.any(Object) },
          output: { type: 'object', properties: expect.any(Object) },
        },
      });
    }
    const request_ = actions.get('kratix:resource:request');
    expect(request_.schema.input.required).toEqual(['name']);
    expect(Object.keys(request_.schema.output.properties)).toEqual(
      expect.arrayContaining(['entityRef', 'message', 'url']),
    );
    for (const [field, property] of Object.entries<any>(
      request_.schema.input.properties,
    )) {
      expect({ field, description: property.description }).toEqual({
        field,
        description: expect.any(String),
      });
    }
  });
});
