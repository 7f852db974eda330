import { isWorkflowSuspended } from './isWorkflowSuspended';

// syntasso/kratix internal/controller/dynamic_resource_request_controller.go compares the label with "true".
describe('isWorkflowSuspended (dynamic_resource_request_controller.go)', () => {
  it('is true only for the label set to "true"', () => {
    const withLabel = (value: string) => ({
      metadata: { labels: { 'kratix.io/workflow-suspended': value } },
    });
    expect(isWorkflowSuspended(withLabel('true'))).toBe(true);
    expect(isWorkflowSuspended(withLabel('false'))).toBe(false);
    expect(isWorkflowSuspended({ metadata: {} })).toBe(false);
    expect(isWorkflowSuspended(undefined)).toBe(false);
  });
});
