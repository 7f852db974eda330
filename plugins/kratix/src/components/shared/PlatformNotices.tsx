import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';

/**
 * Says when Kratix has not yet seen the object's latest spec, when its reconciliation is paused or a workflow
 * suspended, and when its deletion is stuck.
 */
export function PlatformNotices(props: {
  object?: Partial<KratixEntitySummary['object']>;
  deletion?: KratixEntitySummary['deletion'];
}) {
  const { object, deletion } = props;
  if (!object) return null;
  const seen =
    object.generation !== undefined && object.observedGeneration !== undefined
      ? ` (Kratix has seen generation ${object.observedGeneration} of ${object.generation})`
      : '';
  return (
    <>
      {deletion && (
        <Box mb={2}>
          <Alert severity={deletion.state === 'failed' ? 'error' : 'warning'}>
            {deletion.state === 'failed'
              ? `Deletion is stuck: the delete workflow failed (${
                  deletion.reason
                })${
                  deletion.message ? `: ${deletion.message}` : ''
                }. Kratix keeps the request until its delete pipeline succeeds.`
              : `Deletion is on hold: the delete workflow is suspended (${deletion.reason}). Kratix resumes it when its pipeline asks to be retried.`}
          </Alert>
        </Box>
      )}
      {object.workflowSuspended && (
        <Box mb={2}>
          <Alert severity="warning">
            A workflow is suspended (label kratix.io/workflow-suspended): Kratix
            skips reconciliation until the pipeline asks to be retried.
          </Alert>
        </Box>
      )}
      {object.behind && (
        <Box mb={2}>
          <Alert severity="info">
            {`The platform has not caught up with your last change${seen}.`}
          </Alert>
        </Box>
      )}
      {object.paused && (
        <Box mb={2}>
          <Alert severity="warning">
            Reconciliation is paused (label kratix.io/paused): Kratix acts on no
            change until the label is removed.
          </Alert>
        </Box>
      )}
    </>
  );
}
