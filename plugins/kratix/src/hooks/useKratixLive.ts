import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  kratixEntitySignalChannel,
  type KratixEntitySignal,
} from '@kratix-backstage/plugin-kratix-common';

/** How often to fetch again when the portal has no signals (no live push). */
export const KRATIX_POLL_INTERVAL_MS = 15_000;

/**
 * Loads something about a catalog entity and loads it again whenever the Kratix backend signals that one of the
 * entity's objects changed (or, where the portal has no signals, every {@link KRATIX_POLL_INTERVAL_MS}). The previous
 * value stays on screen while the next one loads, so a page never flickers back to a spinner.
 */
export function useKratixLive<T>(
  entityRef: string | undefined,
  load: () => Promise<T>,
  deps: unknown[] = [],
): {
  value?: T;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const { lastSignal, isSignalsAvailable } = useSignal<
    KratixEntitySignal & { [key: string]: string | undefined }
  >(kratixEntitySignalChannel(entityRef ?? ''));
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useAsyncRetry(load, [entityRef, ...deps]);
  const { retry } = state;

  useEffect(() => {
    if (lastSignal) retry();
  }, [lastSignal, retry]);

  useEffect(() => {
    if (isSignalsAvailable || !entityRef) return undefined;
    const timer = setInterval(retry, KRATIX_POLL_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [isSignalsAvailable, entityRef, retry]);

  const last = useRef<T | undefined>(undefined);
  if (state.value !== undefined) last.current = state.value;
  return {
    value: state.value ?? (state.error ? undefined : last.current),
    loading: state.loading && last.current === undefined,
    error: state.error,
    retry,
  };
}
