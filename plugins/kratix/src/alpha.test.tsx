import type { Entity } from '@backstage/catalog-model';
import { prepareSpecializedApp } from '@backstage/frontend-app-api';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import appPlugin from '@backstage/plugin-app';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import kratixPlugin, {
  kratixEntityContent,
  kratixMarketplacePage,
  kratixPromiseEntityCard,
  kratixResourceEntityCard,
} from './alpha';

function entity(
  kind: string,
  type: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec: { type },
  };
}

const ourPromise = entity('Component', 'kratix-promise');
const syntassoPromise = entity('Component', 'service', {
  'kratix.io/type': 'promise',
});
const ourRequest = entity('Resource', 'kratix-resource');
const syntassoRequest = entity('Component', 'service', {
  'kratix.io/type': 'resource',
});
const claim = entity('Resource', 'crossplane-claim');
const template = entity('Template', 'kratix-resource');
const service = entity('Component', 'service');

describe('kratix plugin for the new frontend system', () => {
  it('attaches each extension where the app expects it', () => {
    const { tree } = prepareSpecializedApp({
      features: [appPlugin, kratixPlugin],
    }).getBootstrapApp();
    const attachments = Object.fromEntries(
      Array.from(tree.nodes.values())
        .filter(node => node.spec.plugin.pluginId === 'kratix')
        .map(node => [node.spec.id, node.spec.attachTo]),
    );
    expect(attachments).toEqual({
      'api:kratix': { id: 'root', input: 'apis' },
      'entity-card:kratix/promise': {
        id: 'entity-content:catalog/overview',
        input: 'cards',
      },
      'entity-card:kratix/resource': {
        id: 'entity-content:catalog/overview',
        input: 'cards',
      },
      'entity-content:kratix': { id: 'page:catalog/entity', input: 'contents' },
      'page:kratix': { id: 'app/routes', input: 'routes' },
    });
  });

  it('shows the Promise card on Promise entities only, Syntasso-shaped ones included', () => {
    const filter = createExtensionTester(kratixPromiseEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect([ourPromise, syntassoPromise].map(filter)).toEqual([true, true]);
    expect(
      [ourRequest, syntassoRequest, claim, template, service].map(filter),
    ).toEqual([false, false, false, false, false]);
  });

  it('shows the request card on requests and the Crossplane objects behind them', () => {
    const filter = createExtensionTester(kratixResourceEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect([ourRequest, syntassoRequest, claim].map(filter)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      [ourPromise, syntassoPromise, template, service].map(filter),
    ).toEqual([false, false, false, false]);
  });

  it('adds a Kratix tab to Promises and requests', () => {
    const tester = createExtensionTester(kratixEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('kratix');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Kratix');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(
      [ourPromise, syntassoPromise, ourRequest, syntassoRequest].map(filter),
    ).toEqual([true, true, true, true]);
    expect([claim, template, service].map(filter)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('puts the marketplace at /kratix, with a sidebar item', () => {
    const tester = createExtensionTester(kratixMarketplacePage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/kratix');
    expect(tester.get(coreExtensionData.title)).toBe('Kratix');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });
});
