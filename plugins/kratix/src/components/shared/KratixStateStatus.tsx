import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { KratixResourceState } from '@kratix-backstage/plugin-kratix-common';

/** Words for each state; a Promise is "Available" where a request is "Ready". */
export type KratixStateLabels = Record<KratixResourceState['state'], string>;

/** How a resource request's (or Crossplane object's) state reads. */
export const REQUEST_STATE_LABELS: KratixStateLabels = {
  ready: 'Ready',
  'in-progress': 'In progress',
  failed: 'Failed',
  unknown: 'Unknown',
};

/** How a Promise's state reads. */
export const PROMISE_STATE_LABELS: KratixStateLabels = {
  ready: 'Available',
  'in-progress': 'Not available yet',
  failed: 'Unavailable',
  unknown: 'Unknown',
};

/** A state as one of Backstage's status icons and its label. */
export function KratixStateStatus(props: {
  state?: KratixResourceState['state'] | string;
  labels?: KratixStateLabels;
}) {
  const labels = props.labels ?? REQUEST_STATE_LABELS;
  switch (props.state) {
    case 'ready':
      return <StatusOK>{labels.ready}</StatusOK>;
    case 'in-progress':
      return <StatusPending>{labels['in-progress']}</StatusPending>;
    case 'paused':
      // Crossplane's ReconcilePaused: someone paused the object on purpose.
      return <StatusWarning>Paused</StatusWarning>;
    case 'failed':
      return <StatusError>{labels.failed}</StatusError>;
    default:
      return <StatusAborted>{labels.unknown}</StatusAborted>;
  }
}

/** A Kubernetes condition status (`True`, `False`, `Unknown`, absent) as a status icon and its label. */
export function ConditionStatusLabel(props: { status?: string }) {
  switch (props.status) {
    case 'True':
      return <StatusOK>True</StatusOK>;
    case 'False':
      return <StatusError>False</StatusError>;
    default:
      return <StatusPending>{props.status || 'Unknown'}</StatusPending>;
  }
}
