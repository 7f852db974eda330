import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import type { KratixCrossplaneTree } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { isKratixPromise } from '../../entityPredicates';
import { useKratixLive } from '../../hooks/useKratixLive';
import { useKratixSummary } from '../../hooks/useKratixSummary';
import { CrossplaneTreeCard } from './CrossplaneTreeCard';
import { PipelineLogsCard } from './PipelineLogsCard';
import { PipelineRunsCard } from './PipelineRunsCard';
import { PlacementsCard } from './PlacementsCard';

/**
 * The Kratix tab of a Promise or resource request: its pipeline runs and their logs, where its Works were placed,
 * and the Crossplane objects it produced. Every section follows the live state on the cluster.
 *
 * @public
 */
export function KratixContent() {
  const { entity } = useEntity();
  const kratixApi = useApi(kratixApiRef);
  const entityRef = stringifyEntityRef(entity);
  const ref = getCompoundEntityRef(entity);

  const summary = useKratixSummary();
  const pipelines = useKratixLive(
    entityRef,
    () => kratixApi.getPipelines(ref),
    [kratixApi],
  );
  // A Promise has no Crossplane tree of its own (only its requests do): don't ask the backend for one.
  const promiseEntity = isKratixPromise(entity);
  const crossplane = useKratixLive<KratixCrossplaneTree | undefined>(
    promiseEntity ? undefined : entityRef,
    () =>
      promiseEntity
        ? Promise.resolve(undefined)
        : kratixApi.getCrossplaneTree(ref),
    [kratixApi, promiseEntity],
  );
  const isPromise = promiseEntity || summary.value?.role === 'promise';

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <PipelineRunsCard state={pipelines} />
      </Grid>
      {pipelines.value && (
        <Grid item xs={12}>
          <PipelineLogsCard entity={ref} pipelines={pipelines.value} />
        </Grid>
      )}
      <Grid item xs={12}>
        <PlacementsCard state={summary} />
      </Grid>
      {!isPromise && (
        <Grid item xs={12}>
          <CrossplaneTreeCard state={crossplane} />
        </Grid>
      )}
    </Grid>
  );
}
