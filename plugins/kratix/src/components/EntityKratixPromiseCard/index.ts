export { EntityKratixPromiseCard } from './EntityKratixPromiseCard';
export type { EntityKratixPromiseCardProps } from './EntityKratixPromiseCard';
