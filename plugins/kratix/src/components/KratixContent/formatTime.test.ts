import { durationBetween, formatDuration } from './formatTime';

describe('formatDuration', () => {
  it.each([
    [0, '<1s'],
    [999, '<1s'],
    [45_000, '45s'],
    [125_000, '2m 5s'],
    [3_600_000, '1h'],
    [3_605_000, '1h'],
    [3_780_000, '1h 3m'],
    [90_000_000, '1d 1h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('gives nothing for a negative or endless duration', () => {
    expect(formatDuration(-1)).toBe('');
    expect(formatDuration(Infinity)).toBe('');
  });
});

describe('durationBetween', () => {
  it('measures from start to end, or to now while running', () => {
    expect(
      durationBetween('2025-01-01T10:00:00Z', '2025-01-01T10:01:30Z'),
    ).toBe(90_000);
    expect(
      durationBetween(
        '2025-01-01T10:00:00Z',
        undefined,
        Date.parse('2025-01-01T10:00:10Z'),
      ),
    ).toBe(10_000);
  });

  it('gives nothing without a valid start', () => {
    expect(durationBetween(undefined, '2025-01-01T10:00:00Z')).toBeUndefined();
    expect(durationBetween('yesterday', undefined)).toBeUndefined();
  });
});
