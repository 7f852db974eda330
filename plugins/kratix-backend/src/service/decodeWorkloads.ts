import { gunzipSync } from 'zlib';
import { parseAllDocuments } from 'yaml';
import type {
  KratixWorkload,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

/** The objects of Kratix workloads (`content`: YAML, gzip-compressed, then base64-encoded); throws when one cannot be decoded. */
export function decodeWorkloads(
  workloads: ReadonlyArray<KratixWorkload> | undefined,
): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const workload of workloads ?? []) {
    if (!workload.content) continue;
    let yaml: string;
    try {
      yaml = gunzipSync(Buffer.from(workload.content, 'base64')).toString(
        'utf8',
      );
    } catch (error) {
      throw new Error(
        `Workload '${
          workload.filepath
        }' is not gzip + base64 as Kratix writes it: ${
          (error as Error).message
        }`,
      );
    }
    for (const doc of parseAllDocuments(yaml)) {
      if (doc.errors.length) {
        throw new Error(
          `Workload '${workload.filepath}' holds invalid YAML: ${doc.errors[0].message}`,
        );
      }
      const value = doc.toJS();
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        objects.push(value as KubernetesObject);
      }
    }
  }
  return objects;
}
