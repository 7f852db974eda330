import { decodeWorkload } from '@kratix-backstage/kube-test-cluster';

/** Every object in every workload of a Work. */
export function workObjects(work: any): any[] {
  return (work?.spec?.workloadGroups ?? []).flatMap((group: any) =>
    (group.workloads ?? []).flatMap((w: any) =>
      w.content ? decodeWorkload(w.content) : [],
    ),
  );
}
