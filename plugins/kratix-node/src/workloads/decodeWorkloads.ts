import { gunzipSync } from 'zlib';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import {
  KRATIX_LABELS,
  KratixWork,
  KratixWorkPlacement,
  KratixWorkload,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

function isObject(value: unknown): value is KubernetesObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The objects in one Kratix workload: its `content` is YAML, gzip-compressed, then base64-encoded, as Kratix's
 * work-creator stores it. Every document counts, and a `kind: List` document counts as its items. Throws an Error
 * saying which workload failed and at which step.
 *
 * @public
 */
export function decodeWorkload(workload: KratixWorkload): KubernetesObject[] {
  if (typeof workload?.content !== 'string' || !workload.content) return [];
  let yaml: string;
  try {
    yaml = gunzipSync(Buffer.from(workload.content, 'base64')).toString('utf8');
  } catch (error) {
    throw new Error(
      `workload '${
        workload.filepath
      }' is not gzip + base64 content as Kratix writes it: ${
        (error as Error).message
      }`,
    );
  }
  const objects: KubernetesObject[] = [];
  for (const value of parseDocuments(yaml, workload.filepath)) {
    if (!isObject(value)) continue;
    const items = (value as { items?: unknown }).items;
    if (value.kind === 'List' && Array.isArray(items)) {
      objects.push(...items.filter(isObject));
    } else {
      objects.push(value);
    }
  }
  return objects;
}

/**
 * The values of a workload's YAML documents. js-yaml reads them first, in YAML 1.2's core schema (about a tenth of
 * the time on manifests: the first read of 10,000 Works took seconds with the `yaml` package alone); whatever it
 * refuses goes to the `yaml` package, whose error message is the one reported.
 */
function parseDocuments(text: string, filepath: string): unknown[] {
  try {
    return loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch {
    // The `yaml` package below says what is wrong, or reads what js-yaml does not.
  }
  return parseAllDocuments(text).map(doc => {
    if (doc.errors?.length) {
      throw new Error(
        `workload '${filepath}' holds invalid YAML: ${doc.errors[0].message}`,
      );
    }
    return doc.toJS();
  });
}

const decoded = new WeakMap<
  object,
  { objects: KubernetesObject[] } | { error: unknown }
>();

/**
 * {@link decodeWorkload}, remembered per workload object: informers hand out the same object until it changes, so a
 * recompute decodes only what changed. The objects returned are shared: read them, never change them.
 *
 * @public
 */
export function decodeWorkloadOnce(
  workload: KratixWorkload,
): KubernetesObject[] {
  if (typeof workload !== 'object' || workload === null) {
    return decodeWorkload(workload);
  }
  let result = decoded.get(workload);
  if (!result) {
    try {
      result = { objects: decodeWorkload(workload) };
    } catch (error) {
      result = { error };
    }
    decoded.set(workload, result);
  }
  if ('error' in result) throw result.error;
  return result.objects;
}

/**
 * The Work a WorkPlacement places: the one its `kratix.io/work` label names, else the one whose name prefixes the
 * WorkPlacement's (`<work>.<destination>-<id>`, upstream `internal/controller/scheduler.go`), in the same namespace.
 *
 * @public
 */
export function workOfPlacement(
  placement: KratixWorkPlacement,
  works: ReadonlyArray<KratixWork>,
): KratixWork | undefined {
  const label = placement.metadata.labels?.[KRATIX_LABELS.work];
  const namespace = placement.metadata.namespace;
  return works.find(
    w =>
      w.metadata.namespace === namespace &&
      (label
        ? w.metadata.name === label
        : placement.metadata.name?.startsWith(`${w.metadata.name}.`)),
  );
}

/**
 * The workloads a WorkPlacement puts on its Destination: its own `spec.workloads` (Kratix's scheduler copies them
 * from the Work, upstream `internal/controller/scheduler.go`), else those of the Work's workload group with the
 * WorkPlacement's `spec.id`.
 *
 * @public
 */
export function placementWorkloads(
  placement: KratixWorkPlacement,
  work: KratixWork | undefined,
): KratixWorkload[] {
  const own = placement.spec?.workloads;
  if (Array.isArray(own)) return own;
  const groups = work?.spec?.workloadGroups;
  const group = Array.isArray(groups)
    ? groups.find(g => g?.id === placement.spec?.id)
    : undefined;
  return Array.isArray(group?.workloads) ? group!.workloads : [];
}
