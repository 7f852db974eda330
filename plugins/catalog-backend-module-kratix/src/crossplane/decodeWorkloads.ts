import { gunzipSync } from 'zlib';
import { parseAllDocuments } from 'yaml';
import type { KratixWorkload } from '@kratix-backstage/plugin-kratix-common';

/**
 * The objects in a workload's `content` (YAML, gzip-compressed, then base64-encoded, as Kratix stores it). Throws an
 * Error saying which step failed.
 */
export function decodeWorkload(workload: KratixWorkload): unknown[] {
  if (typeof workload?.content !== 'string' || !workload.content) return [];
  let yaml: string;
  try {
    yaml = gunzipSync(Buffer.from(workload.content, 'base64')).toString('utf8');
  } catch (error) {
    throw new Error(
      `workload '${workload.filepath}' is not gzip+base64 content: ${
        (error as Error).message
      }`,
    );
  }
  const documents = parseAllDocuments(yaml);
  const docs = Array.isArray(documents) ? documents : [documents];
  const objects: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors?.length) {
      throw new Error(
        `workload '${workload.filepath}' holds invalid YAML: ${doc.errors[0].message}`,
      );
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    // A `kind: List` file holds its objects under items.
    if (value.kind === 'List' && Array.isArray(value.items))
      objects.push(...value.items);
    else objects.push(value);
  }
  return objects;
}

const decoded = new WeakMap<
  object,
  { objects: unknown[] } | { error: unknown }
>();

/**
 * {@link decodeWorkload}, remembered per workload object. The informers hand out the same object until it changes,
 * so a recompute after one change decodes only what changed (gunzip and YAML parsing were most of a recompute's
 * time). The objects returned are shared: read them, never change them.
 */
export function decodeWorkloadOnce(workload: KratixWorkload): unknown[] {
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
