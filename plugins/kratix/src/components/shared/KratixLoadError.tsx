import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Typography from '@material-ui/core/Typography';
import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';

function isForbidden(error: Error): boolean {
  return (
    (ResponseError.is(error) && error.statusCode === 403) ||
    error.name === 'NotAllowedError'
  );
}

/** What the backend said, without the generic "Request failed with 403 Forbidden" of a `ResponseError`. */
function backendMessage(error: Error): string {
  return (
    (ResponseError.is(error) && error.body?.error?.message) || error.message
  );
}

/** A failed load of live Kratix state: what to ask for on HTTP 403, the backend's error otherwise. */
export function KratixLoadError(props: { error: Error }) {
  const { error } = props;
  if (isForbidden(error)) {
    return (
      <WarningPanel
        severity="info"
        title="You are not allowed to see live Kratix state"
        message={`Reading it needs the '${kratixReadPermission.name}' permission; ask your Backstage administrator to grant it.`}
      >
        <Typography variant="body2">{backendMessage(error)}</Typography>
      </WarningPanel>
    );
  }
  return (
    <ResponseErrorPanel
      error={error}
      title="Could not load the live state from Kratix"
    />
  );
}
