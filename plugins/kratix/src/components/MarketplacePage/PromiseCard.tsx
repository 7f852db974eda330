import { LinkButton } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { KratixMarketplacePromise } from '@kratix-backstage/plugin-kratix-common';

const useStyles = makeStyles(theme => ({
  card: {
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
  },
  content: {
    flexGrow: 1,
  },
  facts: {
    ...theme.typography.body2,
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(2, 0, 0),
    '& dt': {
      color: theme.palette.text.secondary,
    },
    '& dd': {
      margin: 0,
      wordBreak: 'break-word',
    },
  },
  available: {
    backgroundColor: theme.palette.status.ok,
    color: theme.palette.getContrastText(theme.palette.status.ok),
  },
  unavailable: {
    backgroundColor: theme.palette.status.error,
    color: theme.palette.getContrastText(theme.palette.status.error),
  },
  unknown: {
    backgroundColor: theme.palette.status.pending,
    color: theme.palette.getContrastText(theme.palette.status.pending),
  },
  actions: {
    justifyContent: 'space-between',
  },
}));

const AVAILABILITY_LABELS: Record<
  KratixMarketplacePromise['availability'],
  string
> = {
  available: 'Available',
  unavailable: 'Unavailable',
  unknown: 'Unknown',
};

/** Where the Software Template that requests a Promise is filled in. */
export function templatePath(templateRef: string): string {
  const { namespace, name } = parseEntityRef(templateRef, {
    defaultKind: 'Template',
  });
  return `/create/templates/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}

/** Why a Promise cannot be requested from here, if it cannot. */
function requestBlocker(promise: KratixMarketplacePromise): string | undefined {
  if (promise.availability === 'unavailable') {
    return `Promise '${promise.name}' is not available${
      promise.message ? `: ${promise.message}` : ''
    }`;
  }
  if (!promise.templateRef) {
    return `No Software Template requests Promise '${promise.name}', or you may not see it`;
  }
  return undefined;
}

/** One Promise of the marketplace: what it offers, whether it is available, and a way to request it. */
export function PromiseCard(props: { promise: KratixMarketplacePromise }) {
  const { promise } = props;
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  const title = promise.title ?? promise.name;
  const blocker = requestBlocker(promise);
  const requestPath =
    !blocker && promise.templateRef
      ? templatePath(promise.templateRef)
      : undefined;

  return (
    <Card
      className={classes.card}
      component="article"
      aria-label={`Promise ${title}`}
    >
      <CardHeader
        title={title}
        titleTypographyProps={{ component: 'h2', variant: 'h6' }}
        subheader={promise.title ? promise.name : undefined}
        action={
          <Chip
            size="small"
            label={AVAILABILITY_LABELS[promise.availability]}
            className={classes[promise.availability]}
          />
        }
      />
      <CardContent className={classes.content}>
        <Typography
          variant="body2"
          color={promise.description ? 'textPrimary' : 'textSecondary'}
        >
          {promise.description ?? 'No description.'}
        </Typography>
        <dl className={classes.facts}>
          {promise.api && (
            <>
              <dt>API</dt>
              <dd>
                {promise.api.kind}{' '}
                <Typography variant="caption" color="textSecondary">
                  {promise.api.group}/{promise.api.version}
                </Typography>
              </dd>
            </>
          )}
          {promise.version && (
            <>
              <dt>Version</dt>
              <dd>{promise.version}</dd>
            </>
          )}
          <dt>Cluster</dt>
          <dd>{promise.cluster}</dd>
        </dl>
        {promise.message && promise.availability !== 'available' && (
          <Typography variant="body2" color="textSecondary">
            {promise.message}
          </Typography>
        )}
      </CardContent>
      <CardActions className={classes.actions}>
        <LinkButton to={entityLink(promise.entityRef)} color="primary">
          Details
        </LinkButton>
        {requestPath ? (
          <LinkButton to={requestPath} variant="contained" color="primary">
            Request
          </LinkButton>
        ) : (
          <Tooltip title={blocker ?? ''}>
            {/* A disabled button gets no pointer events; the span shows the tooltip anyway. */}
            <span>
              <Button variant="contained" color="primary" disabled>
                Request
              </Button>
            </span>
          </Tooltip>
        )}
      </CardActions>
    </Card>
  );
}
