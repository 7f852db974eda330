import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KRATIX_ANNOTATIONS,
  KratixCrossplaneNode,
  kratixReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  getResourceRequest,
  RequestTarget,
  resolveRequestTarget,
} from '@kratix-backstage/plugin-kratix-node';
import type { KratixEntityTarget } from '../service/getKratixEntityTarget';
import { readCrossplaneTree } from '../service/readCrossplaneTree';
import { readSummary } from '../service/readSummary';
import {
  KratixRegistryActionOptions,
  refOutput,
  requestRefFields,
  requestRefOutput,
  userOf,
  Zod,
} from './actionOptions';

const stateOutput = (z: Zod) =>
  z.enum(['ready', 'in-progress', 'failed', 'unknown']);

/**
 * The caller may read a request's state when the catalog shows them its entity (as the portal's cards require) or
 * when they requested it themselves (the catalog may not have read a new request yet).
 */
async function mayRead(
  options: KratixRegistryActionOptions,
  target: RequestTarget,
  requestedBy: string | undefined,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const user = userOf(credentials);
  if (user && requestedBy === user) return true;
  const entity = await options.catalog.getEntityByRef(target.entityRef, {
    credentials,
  });
  return entity !== undefined;
}

function flatten(nodes: KratixCrossplaneNode[], out: KratixCrossplaneNode[]) {
  for (const node of nodes) {
    out.push(node);
    flatten(node.children, out);
  }
  return out;
}

/** Registers `kratix:get-request-status`. */
export function registerGetRequestStatusAction(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  registry.register({
    name: 'get-request-status',
    title: 'Get the status of a Kratix resource request',
    description: [
      "Reads where a Kratix resource request stands: `state` (`ready`, `in-progress`, `failed`, `unknown`) with Kratix's reason, its conditions, the phase of each pipeline, its health, the Destinations its work was placed on, the Crossplane objects it produced with their Ready and Synced conditions, and the Promise version it runs (`version`: pinned or following the latest, whether an upgrade is available, the last upgrade's result).",
      '`behind: true` means Kratix has not yet seen the latest change. Call it again every few seconds after kratix:request-resource until `state` is `ready` or `failed`; on `failed`, `reason` and the failed pipeline say why.',
      'Secrets and connection details are never returned.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object(requestRefFields(z)),
      output: z =>
        z.object({
          ...requestRefOutput(z),
          state: stateOutput(z),
          reason: z.string().optional(),
          message: z.string().optional().describe("Kratix's status message"),
          behind: z
            .boolean()
            .describe('True while Kratix has not caught up with the spec'),
          conditions: z.array(
            z.object({
              type: z.string(),
              status: z.string(),
              reason: z.string().optional(),
              message: z.string().optional(),
            }),
          ),
          pipelines: z.array(
            z.object({
              name: z.string(),
              phase: z.string(),
              attempts: z.number().optional(),
              message: z.string().optional(),
            }),
          ),
          health: z
            .object({ state: z.string().optional(), records: z.number() })
            .optional(),
          destinations: z.array(
            z.object({
              destination: z.string(),
              ready: z.string().optional(),
              reason: z.string().optional(),
              misplaced: z.boolean(),
            }),
          ),
          crossplane: z.array(
            z.object({
              cluster: z.string(),
              apiVersion: z.string(),
              kind: z.string(),
              namespace: z.string().optional(),
              name: z.string(),
              role: z.string(),
              found: z.boolean(),
              state: z.string().optional(),
              ready: z.string().optional(),
              synced: z.string().optional(),
              reason: z.string().optional(),
            }),
          ),
          version: z
            .object({
              running: z
                .string()
                .optional()
                .describe('The Promise version the request last ran with'),
              desired: z
                .string()
                .optional()
                .describe(
                  'What its ResourceBinding asks for: a version, or `latest`',
                ),
              pinned: z
                .boolean()
                .describe(
                  'True when pinned to a version; false when following the latest',
                ),
              latestVersion: z.string().optional(),
              upgradeAvailable: z
                .boolean()
                .describe(
                  'True when a newer version is there and not asked for yet',
                ),
              lastUpgrade: z.object({
                state: z.enum(['none', 'succeeded', 'inProgress', 'failed']),
                version: z.string().optional(),
                failedVersion: z.string().optional(),
                reason: z.string().optional(),
                message: z.string().optional(),
              }),
            })
            .optional()
            .describe(
              'The Promise version the request runs; change it with kratix:set-request-version. Absent on a platform without Promise versions',
            ),
          problems: z
            .array(z.string())
            .describe('What could not be read, with the reason'),
        }),
    },
    action: async ({ input, credentials }) => {
      const [decision] = await options.permissions.authorize(
        [{ permission: kratixReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You are not allowed to read the state of Kratix requests: the permission '${kratixReadPermission.name}' was denied by the Backstage permission policy`,
        );
      }
      const target = await resolveRequestTarget(options, input, {
        requireAvailable: false,
      });
      const rr = await getResourceRequest(target);
      const requestedBy =
        rr?.metadata.annotations?.[KRATIX_ANNOTATIONS.requestedBy];
      // Someone else's request reads as missing, so its existence is not revealed either.
      if (!rr || !(await mayRead(options, target, requestedBy, credentials))) {
        throw new NotFoundError(
          `${target.description} does not exist, or you may not see it`,
        );
      }
      const entityTarget: KratixEntityTarget = {
        entityRef: target.entityRef,
        role: 'resource',
        cluster: target.cluster,
        apiVersion: target.api.apiVersion,
        kind: target.api.kind,
        namespace: target.namespace,
        name: target.name,
        promise: target.promiseName,
      };
      const [summary, tree] = await Promise.all([
        readSummary(options.calls, entityTarget),
        readCrossplaneTree(options.calls, entityTarget, {
          maxDepth: options.settings.crossplaneMaxDepth,
          maxNodes: options.settings.crossplaneMaxNodes,
          destinations: options.settings.destinations,
        }),
      ]);
      const problems = [...tree.problems];
      if (!summary.destinations.available) {
        problems.push(summary.destinations.reason);
      }
      const version = summary.version;
      if (version && !version.available) problems.push(version.reason);
      return {
        output: {
          ...refOutput(target),
          state: summary.state.state,
          ...(summary.state.reason && { reason: summary.state.reason }),
          ...(summary.message && { message: summary.message }),
          behind: summary.object.behind,
          conditions: summary.conditions,
          pipelines: (rr.status?.kratix?.workflows?.pipelines ?? []).flatMap(
            p =>
              p.name
                ? [
                    {
                      name: p.name,
                      phase: p.phase ?? 'Pending',
                      ...(typeof p.attempts === 'number' && {
                        attempts: p.attempts,
                      }),
                      ...(p.message && { message: p.message }),
                    },
                  ]
                : [],
          ),
          ...(summary.health && { health: summary.health }),
          destinations: summary.destinations.available
            ? summary.destinations.items.map(d => ({
                destination: d.destination,
                ...(d.ready && { ready: d.ready }),
                ...(d.reason && { reason: d.reason }),
                misplaced: d.misplaced,
              }))
            : [],
          crossplane: flatten(tree.roots, []).map(node => ({
            cluster: node.cluster,
            apiVersion: node.apiVersion,
            kind: node.kind,
            ...(node.namespace && { namespace: node.namespace }),
            name: node.name,
            role: node.role,
            found: node.found,
            ...(node.state && { state: node.state }),
            ...(node.ready && { ready: node.ready }),
            ...(node.synced && { synced: node.synced }),
            ...((node.error ?? node.messages[0]?.reason) && {
              reason: node.error ?? node.messages[0]?.reason,
            }),
          })),
          ...(version?.available && {
            version: {
              ...(version.running && { running: version.running }),
              ...(version.desired && { desired: version.desired }),
              pinned: version.pinned,
              ...(version.latestVersion && {
                latestVersion: version.latestVersion,
              }),
              upgradeAvailable: version.upgradeAvailable,
              lastUpgrade: version.upgrade,
            },
          }),
          problems,
        },
      };
    },
  });
}
