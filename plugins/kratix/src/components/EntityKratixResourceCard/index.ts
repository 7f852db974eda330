export { EntityKratixResourceCard } from './EntityKratixResourceCard';
export type { EntityKratixResourceCardProps } from './EntityKratixResourceCard';
