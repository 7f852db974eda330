/**
 * True when Kratix has not yet seen the latest spec: `metadata.generation` is greater than `status.observedGeneration`.
 * False when either number is missing, since older Kratix versions never write `observedGeneration`.
 *
 * @public
 */
export function isPlatformBehind(
  obj:
    | {
        metadata?: { generation?: number };
        status?: { observedGeneration?: number } | null;
      }
    | undefined,
): boolean {
  const generation = obj?.metadata?.generation;
  const observed = obj?.status?.observedGeneration;
  if (typeof generation !== 'number' || typeof observed !== 'number') {
    return false;
  }
  return generation > observed;
}
