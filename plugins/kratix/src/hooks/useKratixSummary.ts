import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../api';
import { useKratixLive } from './useKratixLive';

/** The live summary of the current catalog entity, reloaded whenever Kratix changes it. */
export function useKratixSummary(): {
  value?: KratixEntitySummary;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const { entity } = useEntity();
  const kratixApi = useApi(kratixApiRef);
  const entityRef = stringifyEntityRef(entity);
  return useKratixLive(
    entityRef,
    () => kratixApi.getSummary(getCompoundEntityRef(entity)),
    [kratixApi],
  );
}
