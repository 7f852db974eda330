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
  KratixMaybeList,
  KratixPlacementSummary,
} from '@kratix-backstage/plugin-kratix-common';

function PlacementStatus(props: { placement: KratixPlacementSummary }) {
  const { placement } = props;
  if (placement.misplaced) {
    return <StatusWarning>Misplaced</StatusWarning>;
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
  return placement.message || placement.reason || undefined;
}

/** The Destinations an object's Work was placed on, each with its WorkPlacement's Ready condition. */
export function DestinationsList(props: {
  destinations?: KratixMaybeList<KratixPlacementSummary>;
}) {
  const { destinations } = props;
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
  if (items.length === 0) {
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
    </List>
  );
}
