import Tooltip from '@material-ui/core/Tooltip';
import { DateTime } from 'luxon';

/** A time relative to now ("3 minutes ago"), with the exact time on hover; nothing when there is no valid time. */
export function Since(props: { time?: string }) {
  const { time } = props;
  const date = time ? DateTime.fromISO(time) : undefined;
  if (!time || !date?.isValid) return null;
  return (
    <Tooltip title={date.toLocaleString(DateTime.DATETIME_FULL)}>
      <time dateTime={time}>{date.toRelative()}</time>
    </Tooltip>
  );
}
