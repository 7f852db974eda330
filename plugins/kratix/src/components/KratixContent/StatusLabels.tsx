import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type {
  KratixPipelineJob,
  KratixPipelinePod,
} from '@kratix-backstage/plugin-kratix-common';

type StatusKind =
  | 'ok'
  | 'error'
  | 'warning'
  | 'pending'
  | 'running'
  | 'aborted';

const STATUS_COMPONENTS = {
  ok: StatusOK,
  error: StatusError,
  warning: StatusWarning,
  pending: StatusPending,
  running: StatusRunning,
  aborted: StatusAborted,
};

/** One of Backstage's status icons followed by a label. */
export function StatusLabel(props: { kind: StatusKind; children: string }) {
  const Status = STATUS_COMPONENTS[props.kind];
  return <Status>{props.children}</Status>;
}

const PHASE_KINDS: Record<string, StatusKind> = {
  Succeeded: 'ok',
  Running: 'running',
  Pending: 'pending',
  Failed: 'error',
  Suspended: 'warning',
};

/** The phase of a Kratix pipeline (Pending, Running, Succeeded, Failed, Suspended). */
export function PipelinePhaseStatus(props: { phase?: string }) {
  const { phase } = props;
  if (!phase) return <StatusLabel kind="aborted">Unknown</StatusLabel>;
  return (
    <StatusLabel kind={PHASE_KINDS[phase] ?? 'warning'}>{phase}</StatusLabel>
  );
}

const JOB_LABELS: Record<KratixPipelineJob['status'], [StatusKind, string]> = {
  succeeded: ['ok', 'Succeeded'],
  running: ['running', 'Running'],
  pending: ['pending', 'Pending'],
  failed: ['error', 'Failed'],
};

/** The status of a pipeline Job. */
export function JobStatus(props: { status: KratixPipelineJob['status'] }) {
  const [kind, label] = JOB_LABELS[props.status] ?? ['aborted', props.status];
  return <StatusLabel kind={kind}>{label}</StatusLabel>;
}

// Waiting reasons that will not resolve by themselves.
const BROKEN_WAITING_REASONS = new Set([
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

/** The state of one container of a pipeline Pod: completed, failed with its exit code, running or waiting. */
export function ContainerStateStatus(props: {
  container: KratixPipelinePod['containers'][number];
}) {
  const { state, exitCode, reason } = props.container;
  if (state === 'terminated') {
    if (exitCode === 0) {
      return <StatusLabel kind="ok">{reason ?? 'Completed'}</StatusLabel>;
    }
    const code = exitCode === undefined ? '' : ` (exit code ${exitCode})`;
    return (
      <StatusLabel kind="error">{`${reason ?? 'Failed'}${code}`}</StatusLabel>
    );
  }
  if (state === 'running') {
    return <StatusLabel kind="running">Running</StatusLabel>;
  }
  if (state === 'waiting') {
    const broken = reason && BROKEN_WAITING_REASONS.has(reason);
    return (
      <StatusLabel kind={broken ? 'error' : 'pending'}>
        {reason ?? 'Waiting'}
      </StatusLabel>
    );
  }
  return <StatusLabel kind="pending">Not started</StatusLabel>;
}

/** A Kubernetes condition status (`True`, `False`, `Unknown` or absent) behind a label such as "Ready". */
export function ConditionStatus(props: { label: string; status?: string }) {
  const { label, status } = props;
  if (status === 'True') return <StatusLabel kind="ok">{label}</StatusLabel>;
  if (status === 'False') {
    return (
      <StatusLabel kind="error">{`Not ${label.toLowerCase()}`}</StatusLabel>
    );
  }
  return (
    <StatusLabel kind="pending">{`${label}: ${
      status ?? 'unknown'
    }`}</StatusLabel>
  );
}
