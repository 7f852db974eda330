import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KRATIX_ENTITY_TYPES,
  kratixReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import express from 'express';
import Router from 'express-promise-router';
import type { KratixBackendConfig } from './config/readKratixBackendConfig';
import type { ClusterCalls } from './kubernetes/ClusterCalls';
import {
  getKratixEntityTarget,
  KratixEntityTarget,
} from './service/getKratixEntityTarget';
import { readCrossplaneTree } from './service/readCrossplaneTree';
import { listPromisesOn, readMarketplace } from './service/readMarketplace';
import { readPipelineLogs } from './service/readPipelineLogs';
import { readPipelines } from './service/readPipelines';
import { readSummary } from './service/readSummary';
import { TtlCache } from './service/TtlCache';

/** Told about each entity a caller asked about, e.g. to watch its object for live updates. */
export interface EntityInterestListener {
  (target: KratixEntityTarget, credentials: BackstageCredentials): void;
}

/** What {@link createRouter} needs. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  calls: ClusterCalls;
  config: KratixBackendConfig;
  cache: TtlCache;
  onInterest?: EntityInterestListener;
}

const MAX_TAIL_LINES = 100_000;

function integerParam(
  value: unknown,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new InputError(
      `Query parameter '${name}' must be a whole number from ${min} to ${max}, got '${value}'`,
    );
  }
  return n;
}

function stringParam(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter '${name}' must be given once`);
  }
  return value;
}

/** A Kubernetes label value: Kratix labels a pipeline's Jobs and Pods with its name. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function pipelineParam(value: string): string {
  if (!value || value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new InputError(
      `'${value.slice(
        0,
        80,
      )}' is not a pipeline name: use the name of one of the entity's pipelines (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`,
    );
  }
  return value;
}

/** The cache key of an answer: route, entity and the object it points at, so re-annotated entities never share answers. */
export function cacheKey(
  target: KratixEntityTarget,
  route: string,
  extra: unknown[] = [],
): string {
  return [
    `entity:${target.entityRef}`,
    route,
    JSON.stringify([
      target.cluster,
      target.apiVersion,
      target.kind,
      target.namespace,
      target.name,
      target.destination,
      target.destinationCluster,
      ...extra,
    ]),
  ].join('|');
}

/** The HTTP API of the Kratix backend plugin. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, calls, config, cache, onInterest } =
    options;
  const router = Router();
  router.use(express.json());

  async function authorize(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: kratixReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to read live Kratix state (permission '${kratixReadPermission.name}')`,
      );
    }
    return credentials;
  }

  async function resolveTarget(req: express.Request) {
    const credentials = await authorize(req);
    const { kind, namespace, name } = req.params;
    const entityRef = stringifyEntityRef({ kind, namespace, name });
    // The caller's own credentials: only entities the catalog shows them can be reached.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity '${entityRef}' in the catalog (or you may not see it)`,
      );
    }
    const target = getKratixEntityTarget(entity);
    onInterest?.(target, credentials);
    return target;
  }

  const entityPath = '/entities/:kind/:namespace/:name';

  router.get(`${entityPath}/summary`, async (req, res) => {
    const target = await resolveTarget(req);
    res.json(
      await cache.get(cacheKey(target, 'summary'), () =>
        readSummary(calls, target),
      ),
    );
  });

  router.get(`${entityPath}/pipelines`, async (req, res) => {
    const target = await resolveTarget(req);
    res.json(
      await cache.get(cacheKey(target, 'pipelines'), () =>
        readPipelines(calls, target),
      ),
    );
  });

  router.get(`${entityPath}/pipelines/:pipeline/logs`, async (req, res) => {
    const tailLines =
      integerParam(req.query.tailLines, 'tailLines', 1, MAX_TAIL_LINES) ??
      config.defaultLogTailLines;
    const maxBytes = Math.min(
      integerParam(
        req.query.limitBytes,
        'limitBytes',
        1,
        Number.MAX_SAFE_INTEGER,
      ) ?? config.maxLogBytes,
      config.maxLogBytes,
    );
    const pod = stringParam(req.query.pod, 'pod');
    const container = stringParam(req.query.container, 'container');
    const previous = stringParam(req.query.previous, 'previous') === 'true';
    const pipeline = pipelineParam(req.params.pipeline);
    const target = await resolveTarget(req);
    const request = { pipeline, pod, container, tailLines, maxBytes, previous };
    res.json(
      await cache.get(
        cacheKey(target, 'logs', [
          pipeline,
          pod,
          container,
          tailLines,
          maxBytes,
          previous,
        ]),
        () => readPipelineLogs(calls, target, request),
      ),
    );
  });

  router.get(`${entityPath}/crossplane`, async (req, res) => {
    const target = await resolveTarget(req);
    res.json(
      await cache.get(cacheKey(target, 'crossplane'), () =>
        readCrossplaneTree(calls, target, {
          maxDepth: config.crossplaneMaxDepth,
          maxNodes: config.crossplaneMaxNodes,
          destinations: config.destinations,
        }),
      ),
    );
  });

  const listPromises = listPromisesOn(calls);
  router.get('/promises', async (req, res) => {
    const credentials = await authorize(req);
    const { items: promiseEntities } = await catalog.getEntities(
      {
        filter: { kind: 'Component', 'spec.type': KRATIX_ENTITY_TYPES.promise },
      },
      { credentials },
    );
    const candidates = promiseEntities.map(e =>
      stringifyEntityRef({
        kind: 'Template',
        namespace: e.metadata.namespace ?? 'default',
        name: e.metadata.name,
      }),
    );
    const templates = candidates.length
      ? (
          await catalog.getEntitiesByRefs(
            {
              entityRefs: candidates,
              fields: ['kind', 'metadata.namespace', 'metadata.name'],
            },
            { credentials },
          )
        ).items
      : [];
    const templateRefs = new Set(
      templates.flatMap(t => (t ? [stringifyEntityRef(t)] : [])),
    );
    res.json(
      await readMarketplace({
        calls,
        promiseEntities,
        templateRefs,
        listPromises: cluster =>
          cache.get(`cluster:${cluster}|promises`, () => listPromises(cluster)),
      }),
    );
  });

  return router;
}
