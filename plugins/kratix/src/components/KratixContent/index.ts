export { KratixContent } from './KratixContent';
