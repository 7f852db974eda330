import { useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import SearchIcon from '@material-ui/icons/Search';
import type { KratixMarketplace } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { messageOf } from '../KratixContent/errors';
import { SectionError } from '../KratixContent/SectionError';
import { Since } from '../shared/Since';
import { filterPromises, type PromiseStatusFilter } from './filterPromises';
import { PromiseCard } from './PromiseCard';

/** How often the marketplace reloads while it is on screen. */
export const MARKETPLACE_RELOAD_INTERVAL_MS = 30_000;

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
  },
  search: {
    flexGrow: 1,
    minWidth: 260,
  },
  status: {
    minWidth: 180,
  },
  notices: {
    display: 'grid',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(3),
  },
}));

/** The marketplace, reloaded every {@link MARKETPLACE_RELOAD_INTERVAL_MS} while the page is visible; a failed reload keeps the last answer. */
function useMarketplace() {
  const kratixApi = useApi(kratixApiRef);
  const state = useAsyncRetry(() => kratixApi.getMarketplace(), [kratixApi]);
  const { retry } = state;
  useInterval(() => {
    if (document.visibilityState !== 'hidden') retry();
  }, MARKETPLACE_RELOAD_INTERVAL_MS);
  const last = useRef<KratixMarketplace | undefined>(undefined);
  if (state.value) last.current = state.value;
  return {
    value: last.current,
    loading: state.loading,
    error: state.error,
    retry,
  };
}

function Marketplace(props: { value: KratixMarketplace }) {
  const classes = useStyles();
  const { promises, clusters } = props.value;
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<PromiseStatusFilter>('all');
  const shown = filterPromises(promises, { search, status });
  const unreadable = clusters.filter(c => !c.available);

  if (promises.length === 0 && unreadable.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No Promises yet"
        description="The catalog shows you no Promise. Once the Kratix catalog module ingests the Promises of a cluster, they are listed here."
      />
    );
  }

  return (
    <>
      {unreadable.length > 0 && (
        <div className={classes.notices}>
          {unreadable.map(cluster => (
            <WarningPanel
              key={cluster.name}
              title={`Cluster '${cluster.name}' could not be read; the availability of its Promises is unknown`}
              message={cluster.reason}
              defaultExpanded
            />
          ))}
        </div>
      )}
      <div className={classes.filters}>
        <TextField
          id="kratix-marketplace-search"
          className={classes.search}
          variant="outlined"
          size="small"
          label="Search"
          placeholder="Name, description or API kind"
          value={search}
          onChange={e => setSearch(e.target.value)}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
        />
        <TextField
          select
          id="kratix-marketplace-status"
          className={classes.status}
          variant="outlined"
          size="small"
          label="Status"
          value={status}
          onChange={e => setStatus(e.target.value as PromiseStatusFilter)}
        >
          <MenuItem value="all">All</MenuItem>
          <MenuItem value="available">Available</MenuItem>
          <MenuItem value="unavailable">Unavailable or unknown</MenuItem>
        </TextField>
      </div>
      {shown.length === 0 ? (
        <EmptyState
          missing="data"
          title="No Promise matches"
          description="Try other words or another status."
          action={
            <Button
              variant="outlined"
              onClick={() => {
                setSearch('');
                setStatus('all');
              }}
            >
              Clear the filters
            </Button>
          }
        />
      ) : (
        <Grid container spacing={3} alignItems="stretch">
          {shown.map(promise => (
            <Grid
              item
              xs={12}
              sm={6}
              lg={4}
              key={`${promise.cluster}/${promise.entityRef}`}
            >
              <PromiseCard promise={promise} />
            </Grid>
          ))}
        </Grid>
      )}
    </>
  );
}

/**
 * Every Promise the user can see in the catalog, with its live availability, and a button to request it through its
 * Software Template.
 *
 * @public
 */
export function KratixMarketplacePage() {
  const { value, loading, error, retry } = useMarketplace();

  let content;
  if (value) {
    content = (
      <>
        {error && (
          <WarningPanel
            severity="info"
            title="Could not refresh the Promises; showing the last ones read"
            message={messageOf(error)}
          />
        )}
        <Marketplace value={value} />
      </>
    );
  } else if (error) {
    content = <SectionError error={error} subject="the Kratix Promises" />;
  } else {
    content = <Progress />;
  }

  return (
    <Page themeId="tool">
      <Header
        title="Kratix Promises"
        subtitle="The platform's APIs: what you can request, and whether it is available now"
      />
      <Content>
        <ContentHeader title="Promises">
          {value && (
            <Typography variant="body2" color="textSecondary">
              Updated <Since time={value.fetchedAt} />
            </Typography>
          )}
          <Tooltip title="Reload">
            <span>
              <IconButton
                aria-label="Reload the Promises"
                onClick={retry}
                disabled={loading}
              >
                <RefreshIcon />
              </IconButton>
            </span>
          </Tooltip>
        </ContentHeader>
        {content}
      </Content>
    </Page>
  );
}
