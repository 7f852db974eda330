/**
 * Annotations that steer the demo platform's simulator (never read by Kratix).
 */
export const DEMO_ANNOTATIONS = {
  /** `"true"` on a resource request, or on a Pipeline of a Promise version: its configure workflow ends in ConfigureWorkflowFailed. */
  fail: 'demo.kratix.backstage.io/fail',
  /** `"true"` on a resource request: the simulator leaves it as it is (seeded showcase states). */
  frozen: 'demo.kratix.backstage.io/frozen',
} as const;
