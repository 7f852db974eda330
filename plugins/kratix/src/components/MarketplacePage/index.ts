export { KratixMarketplacePage } from './KratixMarketplacePage';
