import Grid, { GridSize } from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  label: {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '10px',
    fontWeight: 'bold',
    letterSpacing: 0.5,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  value: {
    wordBreak: 'break-word',
  },
}));

/** A labelled value in a card's grid, as the catalog's About card shows them. */
export function CardField(props: {
  label: string;
  children?: ReactNode;
  /** Shown when there is no value. */
  empty?: string;
  xs?: GridSize;
  md?: GridSize;
}) {
  const { label, children, empty = '—', xs = 12, md = 6 } = props;
  const classes = useStyles();
  const hasValue =
    children !== undefined &&
    children !== null &&
    children !== false &&
    children !== '';
  return (
    <Grid item xs={xs} md={md} role="group" aria-label={label}>
      <Typography variant="h2" className={classes.label}>
        {label}
      </Typography>
      <Typography variant="body2" component="div" className={classes.value}>
        {hasValue ? children : empty}
      </Typography>
    </Grid>
  );
}
