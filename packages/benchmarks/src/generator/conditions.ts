/** A Kubernetes condition as Kratix and Crossplane write them. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** One condition. */
export function condition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  at: string,
): Condition {
  return { type, status, reason, message, lastTransitionTime: at };
}

/** RFC 3339 time at second precision. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
