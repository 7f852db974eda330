/** A Kubernetes condition as Kratix and Crossplane write them. */
export interface DemoCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** RFC 3339 time at second precision, `minutesAgo` minutes before now. */
export function timestamp(minutesAgo = 0, now: Date = new Date()): string {
  return new Date(now.getTime() - minutesAgo * 60_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** One condition. */
export function condition(
  type: string,
  status: DemoCondition['status'],
  reason: string,
  message: string,
  at: string = timestamp(),
): DemoCondition {
  return { type, status, reason, message, lastTransitionTime: at };
}
