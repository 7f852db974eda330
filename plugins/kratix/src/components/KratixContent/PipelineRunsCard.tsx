import {
  EmptyState,
  InfoCard,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  KratixEntityPipelines,
  KratixPipelineJob,
  KratixPipelineSummary,
} from '@kratix-backstage/plugin-kratix-common';
import { Since } from '../shared/Since';
import { durationBetween, formatDuration } from './formatTime';
import { SectionError } from './SectionError';
import { sectionTableComponents, sectionTableOptions } from './sectionTable';
import {
  ContainerStateStatus,
  JobStatus,
  PipelinePhaseStatus,
} from './StatusLabels';
import type { LiveState } from './types';

const useStyles = makeStyles(theme => ({
  section: {
    marginTop: theme.spacing(3),
  },
  containers: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  container: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(1),
  },
  // Kratix's Job and Pod names run to 60 characters and more: they break anywhere rather than widen the table past
  // its card or squeeze the Job column to a letter a line.
  podName: {
    overflowWrap: 'anywhere',
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
  },
}));

interface PipelineRow {
  pipeline: KratixPipelineSummary;
  /** The newest Job of the pipeline, when Jobs could be read. */
  job?: KratixPipelineJob;
}

function JobDuration(props: { job?: KratixPipelineJob }) {
  const { job } = props;
  if (!job?.startTime) return null;
  const running = !job.completionTime && job.status === 'running';
  if (!job.completionTime && !running) return null;
  const ms = durationBetween(job.startTime, job.completionTime);
  if (ms === undefined) return null;
  return <>{running ? `${formatDuration(ms)} so far` : formatDuration(ms)}</>;
}

const pipelineColumns: TableColumn<PipelineRow>[] = [
  { title: 'Pipeline', field: 'pipeline.name', highlight: true },
  {
    title: 'Phase',
    render: row => <PipelinePhaseStatus phase={row.pipeline.phase} />,
    cellStyle: { whiteSpace: 'nowrap' },
  },
  {
    title: 'Attempts',
    field: 'pipeline.attempts',
    type: 'numeric',
    align: 'left',
    emptyValue: '–',
  },
  {
    title: 'Last transition',
    render: row => <Since time={row.pipeline.lastTransitionTime} />,
  },
  { title: 'Started', render: row => <Since time={row.job?.startTime} /> },
  { title: 'Duration', render: row => <JobDuration job={row.job} /> },
  {
    title: 'Message',
    field: 'pipeline.message',
    emptyValue: '',
  },
];

function ContainerList(props: { job: KratixPipelineJob }) {
  const classes = useStyles();
  if (props.job.pods.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No Pods (yet, or any more)
      </Typography>
    );
  }
  return (
    <>
      {props.job.pods.map(pod => (
        <Box key={pod.name} mb={1}>
          <Typography className={classes.podName} component="div">
            {pod.name}
            {pod.phase ? ` (${pod.phase})` : ''}
          </Typography>
          <ul
            className={classes.containers}
            aria-label={`Containers of ${pod.name}`}
          >
            {pod.containers.map(container => (
              <li
                key={`${container.init}-${container.name}`}
                className={classes.container}
              >
                <Typography variant="body2" component="span">
                  {container.init ? 'stage ' : ''}
                  {container.name}:{' '}
                </Typography>
                <ContainerStateStatus container={container} />
              </li>
            ))}
          </ul>
        </Box>
      ))}
    </>
  );
}

const jobColumns: TableColumn<KratixPipelineJob>[] = [
  {
    title: 'Job',
    field: 'name',
    highlight: true,
    cellStyle: { minWidth: '12em', overflowWrap: 'anywhere' },
  },
  { title: 'Pipeline', field: 'pipeline', emptyValue: '–' },
  {
    title: 'Workflow',
    render: job =>
      [job.workflowType, job.workflowAction].filter(Boolean).join(' / ') || '–',
  },
  {
    title: 'Status',
    render: job => <JobStatus status={job.status} />,
    cellStyle: { whiteSpace: 'nowrap' },
  },
  {
    title: 'Started',
    render: job => <Since time={job.startTime ?? job.createdAt} />,
  },
  { title: 'Duration', render: job => <JobDuration job={job} /> },
  {
    title: 'Pods and containers',
    render: job => <ContainerList job={job} />,
  },
];

function PipelineRuns(props: { value: KratixEntityPipelines }) {
  const classes = useStyles();
  const { pipelines, jobs } = props.value;
  const jobItems = jobs.available ? jobs.items : [];
  const rows: PipelineRow[] = pipelines.map(pipeline => ({
    pipeline,
    // Jobs come newest first.
    job: jobItems.find(j => j.pipeline === pipeline.name),
  }));

  const jobsNotice = !jobs.available && (
    <WarningPanel
      severity="info"
      title="The pipeline Jobs could not be read; the phases below are what Kratix reports"
      message={jobs.reason}
    />
  );

  if (pipelines.length === 0 && jobItems.length === 0) {
    return (
      <>
        {jobsNotice}
        <EmptyState
          missing="data"
          title="No pipeline runs yet"
          description="Kratix has not run a pipeline for this entity yet, or reports none in its status."
        />
      </>
    );
  }

  return (
    <>
      {jobsNotice}
      {rows.length > 0 && (
        <Table<PipelineRow>
          columns={pipelineColumns}
          data={rows}
          options={sectionTableOptions}
          components={sectionTableComponents}
        />
      )}
      {jobItems.length > 0 && (
        <div className={classes.section}>
          <Typography variant="h6" component="h3">
            Jobs
          </Typography>
          <Table<KratixPipelineJob>
            columns={jobColumns}
            // The table writes its row state into the objects it gets.
            data={jobItems.map(job => ({ ...job }))}
            options={sectionTableOptions}
            components={sectionTableComponents}
          />
        </div>
      )}
    </>
  );
}

/** The pipelines Kratix ran for a Promise or resource request, with their Jobs, Pods and containers. */
export function PipelineRunsCard(props: {
  state: LiveState<KratixEntityPipelines>;
}) {
  const { value, loading, error } = props.state;
  let content;
  if (error) {
    content = (
      <SectionError error={error} subject="the pipeline runs of this entity" />
    );
  } else if (loading || !value) {
    content = <Progress />;
  } else {
    content = <PipelineRuns value={value} />;
  }
  return (
    <InfoCard
      title="Pipeline runs"
      subheader="Kratix runs each pipeline as a Job; its stages are the Pod's init containers"
    >
      {content}
    </InfoCard>
  );
}
