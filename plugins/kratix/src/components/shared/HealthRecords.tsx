import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import type {
  KratixEntitySummary,
  KratixHealthRecordSummary,
} from '@kratix-backstage/plugin-kratix-common';

function HealthState(props: { state?: string }) {
  switch (props.state) {
    case 'healthy':
    case 'ready':
      return <StatusOK>{props.state}</StatusOK>;
    case 'degraded':
      return <StatusWarning>degraded</StatusWarning>;
    case 'unhealthy':
      return <StatusError>unhealthy</StatusError>;
    default:
      return <StatusPending>{props.state || 'unknown'}</StatusPending>;
  }
}

function detailsText(details: unknown): string | undefined {
  if (details === undefined || details === null) return undefined;
  return typeof details === 'string' ? details : JSON.stringify(details);
}

function recordDetail(record: KratixHealthRecordSummary): string {
  const source = record.source?.name
    ? `${record.source.namespace ? `${record.source.namespace}/` : ''}${
        record.source.name
      }`
    : undefined;
  return [
    source && `from ${source}`,
    record.lastRun && `last run ${new Date(record.lastRun).toLocaleString()}`,
    detailsText(record.details),
  ]
    .filter(Boolean)
    .join('; ');
}

/** A request's health: the worst state, then each HealthRecord with its source, last run and details. */
export function HealthRecords(props: {
  health: NonNullable<KratixEntitySummary['health']>;
}) {
  const { health } = props;
  const items = health.items ?? [];
  if (items.length === 0) {
    // An older backend sends only the count.
    return (
      <>{`${health.state} (${health.records ?? 0} health record${
        health.records === 1 ? '' : 's'
      })`}</>
    );
  }
  return (
    <>
      <HealthState state={health.state} />
      <List dense disablePadding>
        {items.map((record, i) => (
          <ListItem key={`${record.source?.name ?? ''}/${i}`} disableGutters>
            <ListItemText
              primary={<HealthState state={record.state} />}
              secondary={recordDetail(record)}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}
