import {
  EmptyState,
  InfoCard,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type {
  KratixEntitySummary,
  KratixPlacementSummary,
} from '@kratix-backstage/plugin-kratix-common';
import { SectionError } from './SectionError';
import { sectionTableComponents, sectionTableOptions } from './sectionTable';
import { ConditionStatus, StatusLabel } from './StatusLabels';
import type { LiveState } from './types';

const columns: TableColumn<KratixPlacementSummary>[] = [
  {
    title: 'Destination',
    highlight: true,
    render: placement => (
      <>
        <Typography variant="body2" component="span">
          {placement.destination || '–'}
        </Typography>
        {placement.misplaced && (
          <Tooltip title="No Destination matches this Work's selectors any more; Kratix keeps the workloads where they are until it is resolved">
            <Box component="span" ml={1}>
              <StatusLabel kind="warning">Misplaced</StatusLabel>
            </Box>
          </Tooltip>
        )}
      </>
    ),
  },
  { title: 'Work', field: 'work', emptyValue: '–' },
  { title: 'WorkPlacement', field: 'workPlacement' },
  {
    title: 'Ready',
    render: placement => (
      <ConditionStatus label="Ready" status={placement.ready} />
    ),
  },
  {
    title: 'Reason',
    render: placement =>
      [placement.reason, placement.message].filter(Boolean).join(': '),
  },
];

function Placements(props: { value: KratixEntitySummary }) {
  const { destinations } = props.value;
  if (!destinations.available) {
    return (
      <WarningPanel
        severity="info"
        title="The Works and their placements could not be read"
        message={destinations.reason}
        defaultExpanded
      />
    );
  }
  if (destinations.items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="Nothing placed on a Destination yet"
        description="Kratix schedules the Works a pipeline writes onto Destinations; none has been placed for this entity."
      />
    );
  }
  return (
    <Table<KratixPlacementSummary>
      columns={columns}
      // The table writes its row state into the objects it gets.
      data={destinations.items.map(item => ({ ...item }))}
      options={sectionTableOptions}
      components={sectionTableComponents}
    />
  );
}

/** Where the Works of a Promise or resource request landed: one row per WorkPlacement on a Destination. */
export function PlacementsCard(props: {
  state: LiveState<KratixEntitySummary>;
}) {
  const { value, loading, error } = props.state;
  let content;
  if (error) {
    content = (
      <SectionError
        error={error}
        subject="where the Works of this entity were placed"
      />
    );
  } else if (loading || !value) {
    content = <Progress />;
  } else {
    content = <Placements value={value} />;
  }
  return (
    <InfoCard
      title="Works and Destinations"
      subheader="The Works Kratix scheduled, and the Destinations they were written to"
    >
      {content}
    </InfoCard>
  );
}
