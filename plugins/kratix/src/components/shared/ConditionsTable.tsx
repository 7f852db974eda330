import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { KratixConditionSummary } from '@kratix-backstage/plugin-kratix-common';
import { ConditionStatusLabel } from './KratixStateStatus';
import { Since } from './Since';

const columns: TableColumn<KratixConditionSummary>[] = [
  { title: 'Type', field: 'type', highlight: true },
  {
    title: 'Status',
    field: 'status',
    render: row => <ConditionStatusLabel status={row.status} />,
  },
  { title: 'Reason', field: 'reason' },
  { title: 'Message', field: 'message' },
  {
    title: 'Since',
    field: 'lastTransitionTime',
    render: row => <Since time={row.lastTransitionTime} />,
  },
];

/** The `status.conditions[]` of an object: type, status, reason, message and since when. */
export function ConditionsTable(props: {
  conditions?: KratixConditionSummary[];
}) {
  // Partial answers may carry malformed entries; a condition needs at least a type.
  const conditions = (props.conditions ?? []).filter(
    c => c && typeof c.type === 'string',
  );
  if (conditions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Kratix has not reported any conditions yet.
      </Typography>
    );
  }
  return (
    <Table<KratixConditionSummary>
      columns={columns}
      data={conditions.map(c => ({ ...c }))}
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
        sorting: false,
        draggable: false,
      }}
    />
  );
}
