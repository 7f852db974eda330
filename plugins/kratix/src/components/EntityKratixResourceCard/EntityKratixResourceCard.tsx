import { InfoCard, Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isCrossplaneResource } from '../../entityPredicates';
import { useKratixSummary } from '../../hooks/useKratixSummary';
import { CardField } from '../shared/CardField';
import { ConditionsTable } from '../shared/ConditionsTable';
import { DestinationsList } from '../shared/DestinationsList';
import { HealthRecords } from '../shared/HealthRecords';
import { KratixLoadError } from '../shared/KratixLoadError';
import { PlatformNotices } from '../shared/PlatformNotices';
import { RequestUpgrade, RequestVersion } from '../shared/PromiseVersions';
import {
  ConditionStatusLabel,
  KratixStateStatus,
} from '../shared/KratixStateStatus';

/**
 * Props of {@link EntityKratixResourceCard}.
 *
 * @public
 */
export interface EntityKratixResourceCardProps {
  /** Card title; "Kratix request" by default, "Crossplane resource" on Crossplane entities. */
  title?: string;
  variant?: 'flex' | 'fullHeight' | 'gridItem';
}

function objectName(summary: KratixEntitySummary): string | undefined {
  const object = summary.object;
  if (!object?.name) return undefined;
  const name = object.namespace
    ? `${object.namespace}/${object.name}`
    : object.name;
  const where = object.cluster ? ` on cluster ${object.cluster}` : '';
  return `${object.kind ?? 'Object'} ${name}${where}`;
}

function workflowsText(
  workflows: KratixEntitySummary['workflows'] | undefined,
): string | undefined {
  if (!workflows || workflows.total === undefined) return undefined;
  const parts = [`${workflows.succeeded ?? 0} of ${workflows.total} succeeded`];
  if (workflows.failed) parts.push(`${workflows.failed} failed`);
  return parts.join(', ');
}

function stateDetail(
  state: { state?: string; reason?: string; pipeline?: string } | undefined,
): string | undefined {
  if (!state) return undefined;
  if (state.state === 'failed' && state.pipeline) {
    return `Pipeline '${state.pipeline}' failed${
      state.reason ? ` (${state.reason})` : ''
    }`;
  }
  return state.reason;
}

function ResourceSummary(props: { summary: KratixEntitySummary }) {
  const { summary } = props;
  // A Crossplane object's own Ready and Synced say more than Kratix's conditions, which it does not have.
  const state = summary.crossplane ?? summary.state;
  const message = summary.message ?? state?.message;
  const health = summary.health;

  return (
    <>
      <PlatformNotices object={summary.object} deletion={summary.deletion} />
      <Grid container spacing={2}>
        <CardField label="State" md={12}>
          <KratixStateStatus state={state?.state} />
          {stateDetail(state) && (
            <Typography variant="body2" color="textSecondary" component="span">
              {' '}
              {stateDetail(state)}
            </Typography>
          )}
        </CardField>
        <CardField label="Message" md={12} empty="No message">
          {message}
        </CardField>
        {summary.crossplane && (
          <>
            <CardField label="Crossplane Ready">
              <ConditionStatusLabel status={summary.crossplane.ready} />
            </CardField>
            <CardField label="Crossplane Synced">
              <ConditionStatusLabel status={summary.crossplane.synced} />
            </CardField>
          </>
        )}
        {summary.role !== 'crossplane' && (
          <>
            <CardField label="Health" empty="Not reported">
              {health?.state && <HealthRecords health={health} />}
            </CardField>
            <CardField label="Workflows" empty="None run yet">
              {workflowsText(summary.workflows)}
            </CardField>
            {summary.version && (
              <>
                <CardField label="Promise version">
                  <RequestVersion version={summary.version} />
                </CardField>
                <CardField label="Last upgrade">
                  <RequestUpgrade version={summary.version} />
                </CardField>
              </>
            )}
            <CardField label="Destinations" md={12}>
              <DestinationsList
                destinations={summary.destinations}
                unscheduledWorks={summary.unscheduledWorks}
              />
            </CardField>
          </>
        )}
        <Grid item xs={12}>
          <Typography variant="subtitle2" gutterBottom>
            Conditions
          </Typography>
          <ConditionsTable conditions={summary.conditions} />
        </Grid>
      </Grid>
    </>
  );
}

/**
 * The live state of a Kratix resource request (or of a Crossplane object behind one): Ready, In progress or Failed,
 * its conditions, message, health, Destinations, the Promise version it runs (pinned or following the latest) with
 * its last upgrade and, for Crossplane objects, Ready and Synced.
 *
 * @public
 */
export function EntityKratixResourceCard(props: EntityKratixResourceCardProps) {
  const { entity } = useEntity();
  const {
    title = isCrossplaneResource(entity)
      ? 'Crossplane resource'
      : 'Kratix request',
    variant,
  } = props;
  const { value, loading, error } = useKratixSummary();

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <KratixLoadError error={error} />;
  } else if (!value) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Kratix has nothing to say about this entity yet.
      </Typography>
    );
  } else {
    content = <ResourceSummary summary={value} />;
  }

  return (
    <InfoCard
      title={title}
      subheader={value ? objectName(value) : undefined}
      variant={variant}
    >
      {content}
    </InfoCard>
  );
}
