import { readYamlDocuments } from '@kratix-backstage/kube-test-cluster';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultKratixClusterService,
  readKratixScaffolderConfig,
} from '@kratix-backstage/plugin-kratix-node';
import fs from 'fs';
import path from 'path';
import { createKratixResourceDeleteAction } from './actions/kratixResourceDelete';
import { createKratixResourceManifestAction } from './actions/kratixResourceManifest';
import { createKratixResourceRequestAction } from './actions/kratixResourceRequest';
import { createKratixResourceUpgradeAction } from './actions/kratixResourceUpgrade';

// The example templates shipped in examples/ must only use inputs the actions declare.
describe('example templates', () => {
  const options = {
    clusters: DefaultKratixClusterService.fromConfig(new ConfigReader({})),
    permissions: mockServices.permissions(),
    config: readKratixScaffolderConfig(new ConfigReader({})),
  };
  const actions = new Map(
    [
      createKratixResourceRequestAction(options),
      createKratixResourceDeleteAction(options),
      createKratixResourceManifestAction(options),
      createKratixResourceUpgradeAction(options),
    ].map(a => [a.id, a]),
  );
  // Test tooling runs from source.
  // eslint-disable-next-line no-restricted-syntax
  const dir = path.resolve(__dirname, '..', 'examples');
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.yaml'));

  it.each(files)('%s uses the Kratix actions as declared', file => {
    const [template] = readYamlDocuments(path.join(dir, file));
    const steps = template.spec.steps.filter((s: any) =>
      s.action.startsWith('kratix:'),
    );
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      const schema: any = actions.get(step.action)?.schema?.input;
      expect(schema).toBeDefined();
      const known = Object.keys(schema.properties);
      expect(Object.keys(step.input).filter(k => !known.includes(k))).toEqual(
        [],
      );
      for (const required of schema.required ?? []) {
        expect(step.input).toHaveProperty(required);
      }
    }
  });
});
