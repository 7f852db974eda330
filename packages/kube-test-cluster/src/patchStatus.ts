import { KubeConnection, kubeRequest } from './kubeRequest';

/** Merge-patches the `/status` of the object at `objectPath`, as its controller would write it. */
export function patchStatus<T = any>(
  conn: KubeConnection,
  objectPath: string,
  status: unknown,
): Promise<T> {
  return kubeRequest<T>(
    conn,
    'PATCH',
    `${objectPath}/status`,
    { status },
    { contentType: 'application/merge-patch+json' },
  );
}
