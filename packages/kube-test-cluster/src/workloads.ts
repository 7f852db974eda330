import { gunzipSync, gzipSync } from 'zlib';
import { parseAllDocuments, stringify } from 'yaml';

/** A workload's `content` as Kratix stores it in Works: the objects as YAML, gzipped, then base64. */
export function encodeWorkload(objects: unknown[]): string {
  const yaml = objects.map(o => stringify(o)).join('---\n');
  return gzipSync(Buffer.from(yaml, 'utf8')).toString('base64');
}

/** The objects of a workload's `content`. */
export function decodeWorkload(content: string): any[] {
  const yaml = gunzipSync(Buffer.from(content, 'base64')).toString('utf8');
  return parseAllDocuments(yaml)
    .map(doc => doc.toJS())
    .filter(doc => doc !== null && doc !== undefined);
}
