import { useState, type ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EmptyState,
  InfoCard,
  LogViewer,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import type {
  KratixContainerLog,
  KratixEntityPipelines,
  KratixPipelineLogs,
  KratixPipelinePod,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { messageOf, statusOf } from './errors';
import { SectionError } from './SectionError';

const useStyles = makeStyles(theme => ({
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: {
    minWidth: 220,
  },
  notices: {
    display: 'grid',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

const NEWEST = '';
const ALL = '';

/** The pipeline to show first: a failed one, else the one that ran last, else the first Kratix reports. */
function defaultPipeline(value: KratixEntityPipelines): string | undefined {
  const jobs = value.jobs.available ? value.jobs.items : [];
  return (
    value.pipelines.find(p => p.phase === 'Failed')?.name ??
    jobs.find(j => j.pipeline)?.pipeline ??
    value.pipelines[0]?.name
  );
}

function pipelineNames(value: KratixEntityPipelines): string[] {
  const jobs = value.jobs.available ? value.jobs.items : [];
  const names = [
    ...value.pipelines.map(p => p.name),
    ...jobs.flatMap(j => (j.pipeline ? [j.pipeline] : [])),
  ];
  return Array.from(new Set(names));
}

function podsOf(value: KratixEntityPipelines, pipeline?: string) {
  if (!value.jobs.available || !pipeline) return [];
  return value.jobs.items
    .filter(j => j.pipeline === pipeline)
    .flatMap(j => j.pods);
}

function containerTitle(log: KratixContainerLog) {
  return log.init ? `stage '${log.container}'` : `container '${log.container}'`;
}

// The LogViewer knows "bold off" (22), not the full reset (0).
const BOLD = '\u001b[1m';
const NOT_BOLD = '\u001b[22m';

/** The log text of the shown containers; with several, each under a bold heading. */
function logText(containers: KratixContainerLog[]): string {
  const readable = containers.filter(c => !c.error);
  if (readable.length === 1) return readable[0].log;
  return readable
    .map(c => `${BOLD}=== ${containerTitle(c)} ===${NOT_BOLD}\n${c.log}`)
    .join('\n');
}

/** Tall enough for a short log, at most 480 px: the LogViewer's search bar and 20 px lines. */
function viewerHeight(text: string): number {
  const lines = text.split('\n').length;
  return Math.min(480, Math.max(160, 56 + lines * 20));
}

function LogsAnswer(props: { logs: KratixPipelineLogs }) {
  const classes = useStyles();
  const { logs } = props;
  if (!logs.available) {
    return (
      <WarningPanel
        severity="info"
        title="The logs could not be read"
        message={logs.reason}
        defaultExpanded
      />
    );
  }
  const failed = logs.containers.filter(c => c.error);
  const truncated = logs.containers.filter(c => c.truncated && !c.error);
  const text = logText(logs.containers);
  return (
    <>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Last lines of Pod {logs.pod} in namespace {logs.namespace}
      </Typography>
      {(failed.length > 0 || truncated.length > 0) && (
        <div className={classes.notices}>
          {failed.map(c => (
            <Alert severity="info" key={`error-${c.container}`}>
              No log for {containerTitle(c)}: {c.error}
            </Alert>
          ))}
          {truncated.map(c => (
            <Alert severity="warning" key={`truncated-${c.container}`}>
              The log of {containerTitle(c)} was cut to the size limit; only
              part of it is shown.
            </Alert>
          ))}
        </div>
      )}
      {text.trim() ? (
        <div style={{ height: viewerHeight(text) }}>
          <LogViewer text={text} />
        </div>
      ) : (
        failed.length < logs.containers.length && (
          <EmptyState missing="data" title="No log output" />
        )
      )}
    </>
  );
}

/** A labelled drop-down; its label stays up even when the empty value ("newest", "all") is chosen. */
function Choice(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      variant="outlined"
      size="small"
      className={classes.select}
      InputLabelProps={{ shrink: true }}
      SelectProps={{ displayEmpty: true }}
    >
      {props.children}
    </TextField>
  );
}

function LogsError(props: { error: Error }) {
  const { error } = props;
  // The backend answers 404 for a pipeline whose Pods are gone or not created yet: not a failure of the page.
  if (statusOf(error) === 404) {
    return (
      <WarningPanel
        severity="info"
        title="No logs to show"
        message={messageOf(error)}
        defaultExpanded
      />
    );
  }
  return <SectionError error={error} subject="the logs of this pipeline" />;
}

/** Props of {@link PipelineLogsCard}. */
export interface PipelineLogsCardProps {
  entity: CompoundEntityRef;
  pipelines: KratixEntityPipelines;
}

/** The tail of a pipeline run's logs, one pipeline, Pod and container at a time or all containers at once. */
export function PipelineLogsCard(props: PipelineLogsCardProps) {
  const { entity, pipelines } = props;
  const classes = useStyles();
  const kratixApi = useApi(kratixApiRef);

  const names = pipelineNames(pipelines);
  const [chosenPipeline, setPipeline] = useState<string>();
  const [chosenPod, setPod] = useState(NEWEST);
  const [chosenContainer, setContainer] = useState(ALL);
  // A choice that vanished with a reload (a new run, a deleted Pod) falls back to the default.
  const pipeline =
    chosenPipeline && names.includes(chosenPipeline)
      ? chosenPipeline
      : defaultPipeline(pipelines);
  const pods = podsOf(pipelines, pipeline);
  const pod = pods.some(p => p.name === chosenPod) ? chosenPod : NEWEST;
  const shownPod: KratixPipelinePod | undefined =
    pods.find(p => p.name === pod) ?? pods[0];
  const containers = shownPod?.containers ?? [];
  const container = containers.some(c => c.name === chosenContainer)
    ? chosenContainer
    : ALL;
  // Reload when the shown Pod moves on (a stage finishes, a new run starts), not on every refresh of the page.
  const podProgress = JSON.stringify([
    shownPod?.name,
    shownPod?.containers.map(c => [c.name, c.state]),
  ]);

  const entityKey = `${entity.kind}:${entity.namespace}/${entity.name}`;
  const requestKey = JSON.stringify([entityKey, pipeline, pod, container]);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    if (!pipeline) return undefined;
    const logs = await kratixApi.getPipelineLogs(entity, pipeline, {
      ...(pod && { pod }),
      ...(container && { container }),
    });
    return { requestKey, logs };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kratixApi, requestKey, podProgress]);

  const selectPipeline = (name: string) => {
    setPipeline(name);
    setPod(NEWEST);
    setContainer(ALL);
  };
  const selectPod = (name: string) => {
    setPod(name);
    setContainer(ALL);
  };

  let content;
  if (!pipeline) {
    content = (
      <EmptyState
        missing="data"
        title="No pipeline logs yet"
        description="Logs appear here once Kratix runs a pipeline for this entity."
      />
    );
  } else if (error && !loading) {
    content = <LogsError error={error} />;
  } else if (value && value.requestKey === requestKey) {
    // A reload of the same logs keeps them on screen, with the search and scroll position.
    content = <LogsAnswer logs={value.logs} />;
  } else {
    content = <Progress />;
  }

  return (
    <InfoCard
      title="Pipeline logs"
      action={
        <Tooltip title="Refresh logs">
          <span>
            <IconButton
              aria-label="Refresh logs"
              onClick={retry}
              disabled={!pipeline || loading}
            >
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      }
    >
      {pipeline && (
        <Box className={classes.controls}>
          <Choice
            id="kratix-logs-pipeline"
            label="Pipeline"
            value={pipeline}
            onChange={selectPipeline}
          >
            {names.map(name => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </Choice>
          {pods.length > 1 && (
            <Choice
              id="kratix-logs-pod"
              label="Pod"
              value={pod}
              onChange={selectPod}
            >
              <MenuItem value={NEWEST}>Newest run</MenuItem>
              {pods.map(p => (
                <MenuItem key={p.name} value={p.name}>
                  {p.name}
                </MenuItem>
              ))}
            </Choice>
          )}
          {containers.length > 0 && (
            <Choice
              id="kratix-logs-container"
              label="Container"
              value={container}
              onChange={setContainer}
            >
              <MenuItem value={ALL}>All containers</MenuItem>
              {containers.map(c => (
                <MenuItem key={`${c.init}-${c.name}`} value={c.name}>
                  {c.init ? `${c.name} (stage)` : c.name}
                </MenuItem>
              ))}
            </Choice>
          )}
        </Box>
      )}
      {content}
    </InfoCard>
  );
}
