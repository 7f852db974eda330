import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { messageOf, statusOf } from './errors';

/** Props of {@link SectionError}. */
export interface SectionErrorProps {
  error: Error;
  /** What the section shows, e.g. "the pipeline runs of this entity". */
  subject: string;
}

/** A failed load: a plain "not allowed" for HTTP 403, the error's details otherwise. */
export function SectionError(props: SectionErrorProps) {
  const { error, subject } = props;
  if (statusOf(error) === 403) {
    return (
      <WarningPanel
        severity="info"
        title={`You are not allowed to see ${subject}`}
        message={messageOf(error)}
        defaultExpanded
      />
    );
  }
  return (
    <ResponseErrorPanel error={error} title={`Could not load ${subject}`} />
  );
}
