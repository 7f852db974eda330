import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  KratixEntitySummary,
  KratixMaybeList,
  KratixPlacementSummary,
} from '@kratix-backstage/plugin-kratix-common';

function PlacementStatus(props: { placement: KratixPlacementSummary }) {
  const { placement } = props;
  if (placement.misplaced) {
    return <StatusWarning>Misplaced</StatusWarning>;
  }
  if (placement.writeProblem) {
    return <StatusError>Not written</StatusError>;
  }
  switch (placement.ready) {
    case 'True':
      return <StatusOK>Ready</StatusOK>;
    case 'False':
      return <StatusError>Not ready</StatusError>;
    default:
      return <StatusPending>Waiting</StatusPending>;
  }
}

function placementDetail(
  placement: KratixPlacementSummary,
): string | undefined {
  if (placement.misplaced) {
    return "This Destination no longer matches the work's Destination selectors";
  }
  const revision = placement.versionID
    ? `revision ${placement.versionID}`
    : undefined;
  if (placement.writeProblem) {
    const { reason, message } = placement.writeProblem;
    return [
      `The state store refused the write${reason ? ` (${reason})` : ''}${
        message ? `: ${message}` : ''
      }`,
      revision && `last written ${revision}`,
    ]
      .filter(Boolean)
      .join('; ');
  }
  return (
    [placement.message || placement.reason, revision && `written ${revision}`]
      .filter(Boolean)
      .join('; ') || undefined
  );
}

function UnscheduledWorks(props: {
  works?: KratixEntitySummary['unscheduledWorks'];
}) {
  if (!props.works?.length) return null;
  return (
    <>
      {props.works.map(w => (
        <ListItem key={`unscheduled/${w.work}`} disableGutters>
          <ListItemText
            primary={
              <>
                <Typography variant="body2" component="span">
                  {`Work ${w.work}`}
                </Typography>{' '}
                <StatusError>Not scheduled</StatusError>
              </>
            }
            secondary={[w.problem.reason, w.problem.message]
              .filter(Boolean)
              .join(': ')}
          />
        </ListItem>
      ))}
    </>
  );
}

/**
 * The Destinations an object's Work was placed on, each with its WorkPlacement's Ready condition, a write the state
 * store refused and the revision written; then the Works no Destination matches.
 */
export function DestinationsList(props: {
  destinations?: KratixMaybeList<KratixPlacementSummary>;
  unscheduledWorks?: KratixEntitySummary['unscheduledWorks'];
}) {
  const { destinations, unscheduledWorks } = props;
  if (!destinations) {
    return (
      <Typography variant="body2" color="textSecondary">
        Kratix did not say where this was placed.
      </Typography>
    );
  }
  if (!destinations.available) {
    return (
      <StatusWarning>
        {`The Destinations could not be read: ${destinations.reason}`}
      </StatusWarning>
    );
  }
  const items = (destinations.items ?? []).filter(Boolean);
  if (items.length === 0 && !unscheduledWorks?.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not placed on any Destination yet.
      </Typography>
    );
  }
  return (
    <List dense disablePadding>
      {items.map(placement => (
        <ListItem
          key={`${placement.destination}/${placement.workPlacement}`}
          disableGutters
        >
          <ListItemText
            primary={
              <>
                <Typography variant="body2" component="span">
                  {placement.destination || placement.workPlacement}
                </Typography>{' '}
                <PlacementStatus placement={placement} />
              </>
            }
            secondary={placementDetail(placement)}
          />
        </ListItem>
      ))}
      <UnscheduledWorks works={unscheduledWorks} />
    </List>
  );
}
