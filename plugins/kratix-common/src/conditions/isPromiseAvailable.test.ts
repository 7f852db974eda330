import { isPromiseAvailable } from './isPromiseAvailable';

describe('isPromiseAvailable', () => {
  it('is true when status.status is Available', () => {
    expect(isPromiseAvailable({ status: { status: 'Available' } })).toBe(true);
  });

  it('is false when Unavailable or not reported', () => {
    expect(isPromiseAvailable({ status: { status: 'Unavailable' } })).toBe(
      false,
    );
    expect(isPromiseAvailable({ status: {} })).toBe(false);
    expect(isPromiseAvailable({})).toBe(false);
    expect(isPromiseAvailable(undefined)).toBe(false);
  });
});
