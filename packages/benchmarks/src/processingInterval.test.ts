import { processingIntervalAt } from './runBenchmark';

describe('processingIntervalAt', () => {
  it('takes the interval given for a scale, else the one for every scale, else none', () => {
    const options = {
      processingIntervalSeconds: 300,
      processingIntervalByScale: { 5000: 900, 10000: 900 },
    };
    expect(processingIntervalAt(options, 10000)).toBe(900);
    expect(processingIntervalAt(options, 1000)).toBe(300);
    expect(
      processingIntervalAt({ processingIntervalByScale: { 5000: 900 } }, 1000),
    ).toBeUndefined();
  });
});
