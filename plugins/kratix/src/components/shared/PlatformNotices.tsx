import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';

/** Says when Kratix has not yet seen the object's latest spec, and when its reconciliation is paused. */
export function PlatformNotices(props: {
  object?: Partial<KratixEntitySummary['object']>;
}) {
  const { object } = props;
  if (!object) return null;
  const seen =
    object.generation !== undefined && object.observedGeneration !== undefined
      ? ` (Kratix has seen generation ${object.observedGeneration} of ${object.generation})`
      : '';
  return (
    <>
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
