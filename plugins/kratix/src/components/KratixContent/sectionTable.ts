import Box from '@material-ui/core/Box';

/** Options of a Table inside a section's InfoCard: every row at once, no toolbar of its own, columns sized to fit. */
export const sectionTableOptions = {
  paging: false,
  search: false,
  toolbar: false,
  padding: 'dense' as const,
  draggable: false,
  tableLayout: 'auto' as const,
};

/** The Table's container inside an InfoCard: its default Paper would nest a second card. */
export const sectionTableComponents = { Container: Box };
