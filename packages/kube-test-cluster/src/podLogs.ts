import fs from 'fs';
import path from 'path';
import { createOrReplace } from './createOrReplace';
import { KubeConnection } from './kubeRequest';

/** Options of {@link setPodLogs}. */
export interface PodLogsOptions {
  namespace: string;
  /** Name of the Pod (it may not exist yet). */
  pod: string;
  /** Lines each container printed, by container name. */
  containers: Record<string, string[]>;
  /** Lines of each container's previous run (`previous=true`), by container name. */
  previous?: Record<string, string[]>;
}

/**
 * Sets what a Pod's containers printed, as kwok serves it through the API
 * server's `pods/log`: the lines are written in the CRI log format kwok reads
 * (`<RFC3339Nano> stdout F <line>`) into `dir`, and a kwok `Logs` object
 * points each container at its files.
 */
export async function setPodLogs(
  conn: KubeConnection,
  dir: string,
  options: PodLogsOptions,
): Promise<void> {
  const { namespace, pod } = options;
  const write = (container: string, suffix: string, lines: string[]) => {
    const file = path.join(
      dir,
      'pod-logs',
      namespace,
      pod,
      `${container}${suffix}.log`,
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const start = Date.now();
    fs.writeFileSync(
      file,
      lines
        .map(
          (line, i) =>
            `${new Date(start + i).toISOString()} stdout F ${line}\n`,
        )
        .join(''),
    );
    return file;
  };
  const logs = Object.entries(options.containers).map(([container, lines]) => {
    const previous = options.previous?.[container];
    return {
      containers: [container],
      logsFile: write(container, '', lines),
      ...(previous && {
        previousLogsFile: write(container, '.previous', previous),
      }),
    };
  });
  await createOrReplace(
    conn,
    `/apis/kwok.x-k8s.io/v1alpha1/namespaces/${namespace}/logs`,
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: pod, namespace },
      spec: { logs },
    },
  );
}
