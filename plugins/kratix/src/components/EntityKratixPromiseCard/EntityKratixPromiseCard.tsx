import {
  InfoCard,
  LinkButton,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { useKratixSummary } from '../../hooks/useKratixSummary';
import { requestTemplateRouteRef } from '../../routes';
import { CardField } from '../shared/CardField';
import { KratixLoadError } from '../shared/KratixLoadError';
import { PlatformNotices } from '../shared/PlatformNotices';
import { PromiseRevisionsList } from '../shared/PromiseVersions';
import {
  KratixStateStatus,
  PROMISE_STATE_LABELS,
} from '../shared/KratixStateStatus';
import { Since } from '../shared/Since';

/**
 * Props of {@link EntityKratixPromiseCard}.
 *
 * @public
 */
export interface EntityKratixPromiseCardProps {
  /** Card title; "Kratix Promise" by default. */
  title?: string;
  variant?: 'flex' | 'fullHeight' | 'gridItem';
}

type PromiseDetails = NonNullable<KratixEntitySummary['promise']>;

// What Kratix writes in status.requiredPromises[].state.
const REQUIREMENT_INSTALLED = 'Requirement installed';

function RequirementState(props: { state?: string }) {
  const { state } = props;
  if (!state) return <StatusPending>Not checked yet</StatusPending>;
  if (state === REQUIREMENT_INSTALLED) return <StatusOK>{state}</StatusOK>;
  return <StatusError>{state}</StatusError>;
}

function withVersion(name: string | undefined, version: string | undefined) {
  if (!name) return 'A Promise';
  return version ? `${name} (${version})` : name;
}

function RequiredPromises(props: {
  required: PromiseDetails['requiredPromises'];
}) {
  const { required } = props;
  return (
    <List dense disablePadding>
      {required.map(r => (
        <ListItem key={`${r.name}@${r.version ?? ''}`} disableGutters>
          <ListItemText
            primary={withVersion(r.name, r.version)}
            secondary={<RequirementState state={r.state} />}
            secondaryTypographyProps={{ component: 'div' }}
          />
        </ListItem>
      ))}
    </List>
  );
}

function RequiredBy(props: { requiredBy: PromiseDetails['requiredBy'] }) {
  const { requiredBy } = props;
  return (
    <List dense disablePadding>
      {requiredBy.map((r, i) => (
        <ListItem key={`${r.name ?? i}@${r.version ?? ''}`} disableGutters>
          <ListItemText
            primary={withVersion(r.name, r.version)}
            secondary={
              r.requiredVersion
                ? `requires version ${r.requiredVersion}`
                : undefined
            }
          />
        </ListItem>
      ))}
    </List>
  );
}

function apiText(promise?: PromiseDetails): string | undefined {
  const api = promise?.api;
  if (!api?.kind) return undefined;
  const apiVersion = api.group
    ? `${api.group}/${api.version ?? ''}`
    : api.version;
  return [api.kind, apiVersion && `(${apiVersion})`, api.scope && api.scope]
    .filter(Boolean)
    .join(' ');
}

function workflowsText(
  workflows: KratixEntitySummary['workflows'] | undefined,
): string | undefined {
  if (!workflows || workflows.total === undefined) return undefined;
  return `${workflows.total} in all: ${workflows.succeeded ?? 0} succeeded, ${
    workflows.failed ?? 0
  } failed`;
}

/** The "Request" button: the Software Template generated for this Promise, when the catalog shows one. */
function RequestButton() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const templateRoute = useRouteRef(requestTemplateRouteRef);
  // The catalog names a Promise's Template after the Promise's Component, in the same namespace.
  const namespace = entity.metadata.namespace ?? 'default';
  const templateName = entity.metadata.name;
  const { value: template } = useAsync(
    () =>
      catalogApi.getEntityByRef({
        kind: 'Template',
        namespace,
        name: templateName,
      }),
    [catalogApi, namespace, templateName],
  );
  if (!template) return null;
  const to = templateRoute
    ? templateRoute({ namespace, templateName })
    : `/create/templates/${encodeURIComponent(namespace)}/${encodeURIComponent(
        templateName,
      )}`;
  return (
    <LinkButton to={to} color="primary" variant="contained">
      Request
    </LinkButton>
  );
}

function PromiseSummary(props: { summary: KratixEntitySummary }) {
  const { summary } = props;
  const promise = summary.promise;
  const message = summary.message ?? summary.state?.message;
  const reason =
    summary.state?.state !== 'ready' ? summary.state?.reason : undefined;
  // Partial answers may carry malformed entries; skip them rather than fail the card.
  const required = (promise?.requiredPromises ?? []).filter(r => r?.name);
  const requiredBy = (promise?.requiredBy ?? []).filter(Boolean);

  return (
    <>
      <PlatformNotices object={summary.object} />
      <Grid container spacing={2}>
        <CardField label="Availability" md={12}>
          <KratixStateStatus
            state={summary.state?.state}
            labels={PROMISE_STATE_LABELS}
          />
          {reason && (
            <Typography variant="body2" color="textSecondary" component="span">
              {' '}
              {reason}
            </Typography>
          )}
        </CardField>
        <CardField label="Message" md={12} empty="No message">
          {message}
        </CardField>
        <CardField label="Version" empty="Not versioned">
          {promise?.version}
        </CardField>
        <CardField label="Last available" empty="Never">
          {promise?.lastAvailableTime && (
            <Since time={promise.lastAvailableTime} />
          )}
        </CardField>
        {promise?.revisions && (
          <CardField label="Versions" md={12}>
            <PromiseRevisionsList
              revisions={promise.revisions}
              requestsWithoutVersion={promise.requestsWithoutVersion}
            />
          </CardField>
        )}
        <CardField
          label="API"
          md={12}
          empty="None (spec.api is empty): this Promise takes no resource requests"
        >
          {apiText(promise)}
        </CardField>
        <CardField label="Workflows" md={12} empty="None run yet">
          {workflowsText(summary.workflows)}
        </CardField>
        <CardField label="Requires" empty="No other Promise">
          {required.length > 0 && <RequiredPromises required={required} />}
        </CardField>
        <CardField label="Required by" empty="No other Promise">
          {requiredBy.length > 0 && <RequiredBy requiredBy={requiredBy} />}
        </CardField>
      </Grid>
    </>
  );
}

/**
 * The live state of a Kratix Promise: availability, version, its versions (the latest marked) with how many requests
 * run each, API, the Promises it requires (and their state) and those that require it, workflow counts, and a "Request" button that opens its Software Template.
 *
 * @public
 */
export function EntityKratixPromiseCard(props: EntityKratixPromiseCardProps) {
  const { title = 'Kratix Promise', variant } = props;
  const { value, loading, error } = useKratixSummary();

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <KratixLoadError error={error} />;
  } else if (!value) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Kratix has nothing to say about this Promise yet.
      </Typography>
    );
  } else {
    content = <PromiseSummary summary={value} />;
  }

  const cluster = value?.object?.cluster;
  return (
    <InfoCard
      title={title}
      subheader={
        value?.object?.name
          ? `Promise ${value.object.name}${
              cluster ? ` on cluster ${cluster}` : ''
            }`
          : undefined
      }
      action={<RequestButton />}
      variant={variant}
    >
      {content}
    </InfoCard>
  );
}
