import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  KratixEntitySummary,
  KratixPromiseRevisionSummary,
  KratixRequestVersionSummary,
} from '@kratix-backstage/plugin-kratix-common';

type PromiseDetails = NonNullable<KratixEntitySummary['promise']>;

function requestsText(count: number): string {
  if (count === 0) return 'no request runs it';
  return count === 1 ? '1 request runs it' : `${count} requests run it`;
}

/** A Promise's versions, newest first, the latest marked, with how many requests run each. */
export function PromiseRevisionsList(props: {
  revisions: NonNullable<PromiseDetails['revisions']>;
  requestsWithoutVersion?: number;
}) {
  const { revisions, requestsWithoutVersion } = props;
  if (!revisions.available) {
    return (
      <Typography variant="body2" color="textSecondary">
        Could not read the versions: {revisions.reason}
      </Typography>
    );
  }
  return (
    <>
      <List dense disablePadding aria-label="Promise versions">
        {revisions.items.map((r: KratixPromiseRevisionSummary) => (
          <ListItem key={r.name} disableGutters>
            <ListItemText
              primary={
                <>
                  {r.version}
                  {r.latest && (
                    <>
                      {' '}
                      <Chip label="latest" size="small" color="primary" />
                    </>
                  )}
                </>
              }
              secondary={requestsText(r.requests)}
            />
          </ListItem>
        ))}
      </List>
      {requestsWithoutVersion ? (
        <Typography variant="body2" color="textSecondary">
          {requestsWithoutVersion === 1
            ? '1 request has'
            : `${requestsWithoutVersion} requests have`}{' '}
          not run any version yet
        </Typography>
      ) : null}
    </>
  );
}

function UpgradeResult(props: {
  version: Extract<KratixRequestVersionSummary, { available: true }>;
}) {
  const { upgrade } = props.version;
  switch (upgrade.state) {
    case 'succeeded':
      return (
        <StatusOK>
          Upgrade complete{upgrade.version ? ` (${upgrade.version})` : ''}
        </StatusOK>
      );
    case 'inProgress':
      return (
        <StatusPending>
          Upgrading{upgrade.version ? ` to ${upgrade.version}` : ''}
        </StatusPending>
      );
    case 'failed':
      return (
        <StatusError>
          Upgrade
          {upgrade.failedVersion ? ` to ${upgrade.failedVersion}` : ''} failed
          {upgrade.reason ? ` (${upgrade.reason})` : ''}
          {upgrade.message ? `: ${upgrade.message}` : ''}
        </StatusError>
      );
    default:
      return <>None yet</>;
  }
}

/** The Promise version a request runs, pinned or following the latest, whether a newer one is there. */
export function RequestVersion(props: {
  version: KratixRequestVersionSummary;
}) {
  const { version } = props;
  if (!version.available) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        Could not read it: {version.reason}
      </Typography>
    );
  }
  return (
    <>
      {version.running ?? 'Not run yet'}{' '}
      <Chip
        size="small"
        variant="outlined"
        label={
          version.pinned ? `pinned to ${version.desired}` : 'follows latest'
        }
      />
      {version.upgradeAvailable && version.latestVersion && (
        <Typography variant="body2" component="div">
          <StatusWarning>{version.latestVersion} is available</StatusWarning>
        </Typography>
      )}
    </>
  );
}

/** The last upgrade of a request to another Promise version, from its binding's `UpgradeSucceeded`. */
export function RequestUpgrade(props: {
  version: KratixRequestVersionSummary;
}) {
  const { version } = props;
  if (!version.available) return null;
  return <UpgradeResult version={version} />;
}
