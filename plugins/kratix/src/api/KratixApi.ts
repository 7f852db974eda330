import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  KratixCrossplaneTree,
  KratixEntityPipelines,
  KratixEntitySummary,
  KratixMarketplace,
  KratixPipelineLogs,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * Which log to read: by default the newest Pod of the pipeline and all its containers.
 *
 * @public
 */
export interface KratixLogsRequest {
  pod?: string;
  container?: string;
  tailLines?: number;
  previous?: boolean;
}

/**
 * Client of the Kratix backend plugin (`/api/kratix`). Every call is keyed by a catalog entity and made with the
 * signed-in user's credentials, so it reaches only what the catalog shows that user.
 *
 * @public
 */
export interface KratixApi {
  getSummary(entity: CompoundEntityRef): Promise<KratixEntitySummary>;
  getPipelines(entity: CompoundEntityRef): Promise<KratixEntityPipelines>;
  getPipelineLogs(
    entity: CompoundEntityRef,
    pipeline: string,
    request?: KratixLogsRequest,
  ): Promise<KratixPipelineLogs>;
  getCrossplaneTree(entity: CompoundEntityRef): Promise<KratixCrossplaneTree>;
  getMarketplace(): Promise<KratixMarketplace>;
}

/**
 * The API reference of {@link KratixApi}.
 *
 * @public
 */
export const kratixApiRef = createApiRef<KratixApi>().with({
  id: 'plugin.kratix.api',
  pluginId: 'kratix',
});
