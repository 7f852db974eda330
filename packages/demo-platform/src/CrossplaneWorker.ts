import { createHash } from 'crypto';
import { applyCrd } from '@kratix-backstage/kube-test-cluster';
import {
  CROSSPLANE_ANNOTATIONS,
  CROSSPLANE_LABELS,
} from '@kratix-backstage/plugin-kratix-common';
import { compositeCrds, isV2Xrd, managedResourceCrd } from './compositeCrds';
import { condition } from './conditions';
import {
  CompositeType,
  MANAGED_KINDS,
  compositionPlan,
  crossplaneTypeOf,
  demoCompositions,
  demoXrds,
} from './crossplaneCatalog';
import { DemoCluster } from './demoClients';
import {
  ObjectRef,
  applyObject,
  createIfAbsent,
  deleteIfExists,
  getIfExists,
  refOf,
  setStatus,
} from './kubeObjects';

/**
 * How far Crossplane has got with a tree: `ready` (Synced and Ready True),
 * `creating` (Ready False, reason Creating; a claim `Waiting` for its XR),
 * `sync-error` (Synced False) or `paused` (a claim annotated
 * `crossplane.io/paused`: Synced False, reason ReconcilePaused, over a tree
 * still creating).
 */
export type CrossplaneReadiness =
  | 'ready'
  | 'creating'
  | 'sync-error'
  | 'paused';

/** Message of the managed resources of a tree in `sync-error`. */
export const SYNC_ERROR_MESSAGE =
  'cannot create external resource: AccessDenied: User is not authorized to perform s3:CreateBucket';

const CLAIM_ONLY_FIELDS = [
  'resourceRef',
  'compositeDeletePolicy',
  'writeConnectionSecretToRef',
];

/** A short, stable suffix, as Crossplane appends random ones. */
function suffix(...parts: string[]): string {
  return createHash('sha256')
    .update(parts.join('/'))
    .digest('base64url')
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 5)
    .padEnd(5, 'x');
}

function managedConditions(readiness: CrossplaneReadiness) {
  switch (readiness) {
    case 'ready':
      return [
        condition('Synced', 'True', 'ReconcileSuccess', ''),
        condition('Ready', 'True', 'Available', ''),
      ];
    case 'creating':
    case 'paused':
      return [
        condition('Synced', 'True', 'ReconcileSuccess', ''),
        condition('Ready', 'False', 'Creating', ''),
      ];
    default:
      return [
        condition('Synced', 'False', 'ReconcileError', SYNC_ERROR_MESSAGE),
        condition('Ready', 'False', 'Creating', ''),
      ];
  }
}

function compositeConditions(
  readiness: CrossplaneReadiness,
  unready: string[],
) {
  return [
    condition('Synced', 'True', 'ReconcileSuccess', ''),
    readiness === 'ready'
      ? condition('Ready', 'True', 'Available', '')
      : condition(
          'Ready',
          'False',
          'Creating',
          `Unready resources: ${unready.join(', ')}`,
        ),
  ];
}

/**
 * A claim's status from its XR's: Crossplane keeps a claim at Ready=False
 * `Waiting` until the XR is ready (upstream
 * `internal/controller/apiextensions/claim/reconciler.go`), and a paused claim
 * at Synced=False `ReconcilePaused` (upstream `apis/core/v2/condition.go`).
 */
export function claimStatus(xrStatus: any, readiness: CrossplaneReadiness) {
  const xrReady =
    (xrStatus?.conditions ?? []).find((c: any) => c.type === 'Ready')
      ?.status === 'True';
  return {
    ...xrStatus,
    conditions: [
      readiness === 'paused'
        ? condition('Synced', 'False', 'ReconcilePaused', '')
        : condition('Synced', 'True', 'ReconcileSuccess', ''),
      xrReady
        ? condition('Ready', 'True', 'Available', '')
        : condition(
            'Ready',
            'False',
            'Waiting',
            'Claim is waiting for composite resource to become Ready',
          ),
    ],
  };
}

/** What a composite resource is composed into. */
interface CompositeContext {
  readiness: CrossplaneReadiness;
  /** Name of the root composite (value of `crossplane.io/composite` on the whole tree). */
  root?: string;
  /** The claim of a root composite; nested composites have none. */
  claim?: any;
  /** `crossplane.io/claim-name` and `-namespace`, carried down the whole tree. */
  claimLabels?: Record<string, string>;
}

/**
 * Plays Crossplane on one worker cluster: installs the XRDs, Compositions and
 * CRDs, then turns claims and XRs into composites and managed resources.
 */
export class CrossplaneWorker {
  constructor(readonly cluster: DemoCluster) {}

  private get client() {
    return this.cluster.client;
  }

  /**
   * Installs XRDs, Compositions and the CRDs Crossplane and providers would
   * create. Idempotent; says for each object whether it was created.
   */
  async install(): Promise<Array<{ kind: string; created: boolean }>> {
    const xrds = demoXrds();
    const crds = [
      ...xrds.flatMap(compositeCrds),
      ...MANAGED_KINDS.map(managedResourceCrd),
    ];
    const results: Array<{ kind: string; created: boolean }> = [];
    await Promise.all(
      crds.map(async crd => {
        const existed = Boolean(await getIfExists(this.client, refOf(crd)));
        await applyCrd(this.cluster.admin, crd);
        results.push({ kind: crd.kind, created: !existed });
      }),
    );
    this.client.invalidateDiscovery();
    for (const xrd of xrds) {
      const { created, object } = await createIfAbsent(this.client, xrd);
      results.push({ kind: xrd.kind, created });
      if (object?.status?.conditions?.length) continue;
      await setStatus(this.client, refOf(xrd), {
        conditions: [
          condition('Established', 'True', 'WatchingCompositeResource', ''),
          ...(xrd.spec.claimNames && !isV2Xrd(xrd)
            ? [
                condition(
                  'Offered',
                  'True',
                  'WatchingCompositeResourceClaim',
                  '',
                ),
              ]
            : []),
        ],
      });
    }
    for (const composition of demoCompositions()) {
      const { created } = await createIfAbsent(this.client, composition);
      results.push({ kind: composition.kind, created });
    }
    return results;
  }

  /** Whether an object is a claim or composite resource this worker can compose. */
  static isCrossplaneObject(object: any): boolean {
    return Boolean(crossplaneTypeOf(object?.apiVersion, object?.kind));
  }

  /**
   * Creates or updates a claim or XR and everything composed from it, with
   * the given readiness. Returns every object written, top first.
   */
  async apply(
    object: any,
    readiness: CrossplaneReadiness,
  ): Promise<ObjectRef[]> {
    const found = crossplaneTypeOf(object.apiVersion, object.kind);
    if (!found) {
      throw new Error(
        `${object.kind} (${object.apiVersion}) is not a claim or composite resource the demo knows; see crossplaneCatalog.ts`,
      );
    }
    return found.isClaim
      ? this.applyClaim(object, found.type, readiness)
      : this.applyComposite(object, found.type, { readiness });
  }

  private async applyClaim(
    claim: any,
    type: CompositeType,
    readiness: CrossplaneReadiness,
  ): Promise<ObjectRef[]> {
    const xrName = `${claim.metadata.name}-${suffix(
      claim.metadata.namespace,
      claim.metadata.name,
    )}`;
    const composition =
      claim.spec?.compositionRef?.name ?? type.defaultComposition;
    const xrSpec = { ...claim.spec };
    for (const field of CLAIM_ONLY_FIELDS) delete xrSpec[field];
    const xr = {
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: {
        name: xrName,
        labels: {
          [CROSSPLANE_LABELS.claimName]: claim.metadata.name,
          [CROSSPLANE_LABELS.claimNamespace]: claim.metadata.namespace,
        },
      },
      spec: { ...xrSpec, compositionRef: { name: composition } },
    };
    const written = await this.applyComposite(xr, type, { readiness, claim });
    const stored = {
      ...claim,
      spec: {
        ...claim.spec,
        compositionRef: { name: composition },
        resourceRef: {
          apiVersion: type.apiVersion,
          kind: type.kind,
          name: xrName,
        },
      },
    };
    if (readiness === 'paused') {
      stored.metadata = {
        ...stored.metadata,
        annotations: {
          ...stored.metadata?.annotations,
          [CROSSPLANE_ANNOTATIONS.paused]: 'true',
        },
      };
    }
    await applyObject(this.client, stored);
    const xrStatus = (await getIfExists(this.client, written[0]))?.status ?? {};
    await setStatus(
      this.client,
      refOf(stored),
      claimStatus(xrStatus, readiness),
    );
    return [refOf(stored), ...written];
  }

  private async applyComposite(
    xr: any,
    type: CompositeType,
    context: CompositeContext,
  ): Promise<ObjectRef[]> {
    const root = context.root ?? xr.metadata.name;
    const namespace = type.namespaced ? xr.metadata.namespace : undefined;
    const refsField = type.v2 ? xr.spec?.crossplane : xr.spec;
    const compositionName =
      refsField?.compositionRef?.name ?? type.defaultComposition;
    const plan = compositionPlan(compositionName);
    if (!plan) {
      throw new Error(
        `Composition '${compositionName}' of ${xr.kind} '${xr.metadata.name}' is not one the demo knows; see crossplaneCatalog.ts`,
      );
    }
    const claimLabels: Record<string, string> =
      context.claimLabels ??
      (context.claim
        ? {
            [CROSSPLANE_LABELS.claimName]: context.claim.metadata.name,
            [CROSSPLANE_LABELS.claimNamespace]:
              context.claim.metadata.namespace,
          }
        : {});

    const written: ObjectRef[] = [];
    const resourceRefs: any[] = [];
    const composedNames: string[] = [];
    for (const template of plan.composed) {
      const name = `${root}-${suffix(xr.metadata.name, template.resourceName)}`;
      composedNames.push(name);
      const nested = crossplaneTypeOf(template.apiVersion, template.kind);
      const managed = MANAGED_KINDS.find(
        k => k.apiVersion === template.apiVersion && k.kind === template.kind,
      );
      const object = {
        apiVersion: template.apiVersion,
        kind: template.kind,
        metadata: {
          name,
          ...(managed?.namespaced || nested?.type.namespaced
            ? { namespace }
            : {}),
          labels: { ...claimLabels, [CROSSPLANE_LABELS.composite]: root },
          annotations: {
            [CROSSPLANE_ANNOTATIONS.compositionResourceName]:
              template.resourceName,
            ...(managed ? { [CROSSPLANE_ANNOTATIONS.externalName]: name } : {}),
          },
        },
        spec: template.spec(xr.spec ?? {}, name),
      };
      if (nested && !nested.isClaim) {
        written.push(
          ...(await this.applyComposite(object, nested.type, {
            readiness: context.readiness,
            root,
            claimLabels,
          })),
        );
      } else {
        await applyObject(this.client, object);
        await setStatus(this.client, refOf(object), {
          conditions: managedConditions(context.readiness),
          ...(context.readiness === 'ready'
            ? { atProvider: template.atProvider?.(xr.spec ?? {}, name) ?? {} }
            : {}),
        });
        written.push(refOf(object));
      }
      resourceRefs.push({
        apiVersion: template.apiVersion,
        kind: template.kind,
        name,
      });
    }

    const refs = {
      compositionRef: { name: compositionName },
      resourceRefs,
      ...(context.claim
        ? {
            claimRef: {
              apiVersion: context.claim.apiVersion,
              kind: context.claim.kind,
              name: context.claim.metadata.name,
              namespace: context.claim.metadata.namespace,
            },
          }
        : {}),
    };
    const stored = {
      ...xr,
      metadata: {
        ...xr.metadata,
        labels: {
          ...xr.metadata.labels,
          ...claimLabels,
          [CROSSPLANE_LABELS.composite]: root,
        },
      },
      spec: type.v2
        ? { ...xr.spec, crossplane: { ...xr.spec?.crossplane, ...refs } }
        : { ...xr.spec, ...refs },
    };
    await applyObject(this.client, stored);
    await setStatus(this.client, refOf(stored), {
      conditions: compositeConditions(
        context.readiness,
        plan.composed.map(t => t.resourceName),
      ),
      ...(context.readiness === 'ready'
        ? plan.compositeStatus?.(xr.spec ?? {}, composedNames) ?? {}
        : {}),
    });
    return [refOf(stored), ...written];
  }

  /** The direct children of a claim (its XR) or XR (its composed resources). */
  private async children(ref: ObjectRef, object: any): Promise<ObjectRef[]> {
    const children: ObjectRef[] = [];
    const xrRef = object.spec?.resourceRef;
    if (xrRef && crossplaneTypeOf(ref.apiVersion, ref.kind)?.isClaim) {
      children.push({ ...xrRef });
    }
    for (const child of object.spec?.resourceRefs ??
      object.spec?.crossplane?.resourceRefs ??
      []) {
      const { namespaced } = await this.client.resolveResource({
        apiVersion: child.apiVersion,
        kind: child.kind,
      });
      children.push({
        ...child,
        namespace: namespaced ? child.namespace ?? ref.namespace : undefined,
      });
    }
    return children;
  }

  private async getQuietly(ref: ObjectRef): Promise<any | undefined> {
    try {
      return await getIfExists(this.client, ref);
    } catch {
      return undefined; // kind not served (any more): nothing of it exists
    }
  }

  /** A claim or XR and everything composed from it that exists, top first. */
  async tree(ref: ObjectRef): Promise<ObjectRef[]> {
    const object = await this.getQuietly(ref);
    if (!object) return [];
    const found: ObjectRef[] = [ref];
    for (const child of await this.children(ref, object)) {
      found.push(...(await this.tree(child)));
    }
    return found;
  }

  /**
   * Deletes a claim or XR and, following `resourceRef` and `resourceRefs`,
   * everything composed from it. Returns what was deleted.
   */
  async remove(ref: ObjectRef): Promise<ObjectRef[]> {
    const object = await this.getQuietly(ref);
    if (!object) return [];
    const children = await this.children(ref, object);
    const deleted: ObjectRef[] = [];
    if (await deleteIfExists(this.client, ref)) deleted.push(ref);
    for (const child of children) {
      deleted.push(...(await this.remove(child)));
    }
    return deleted;
  }
}
