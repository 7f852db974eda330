import path from 'path';
import { describeWithFixtures, fixturesDir } from './fixtures';

describe('fixturesDir', () => {
  const saved = process.env.KRATIX_FIXTURES_DIR;
  afterEach(() => {
    if (saved === undefined) {
      delete process.env.KRATIX_FIXTURES_DIR;
    } else {
      process.env.KRATIX_FIXTURES_DIR = saved;
    }
  });

  it('uses KRATIX_FIXTURES_DIR when set', () => {
    process.env.KRATIX_FIXTURES_DIR = path.join('some', 'fixtures');
    expect(fixturesDir()).toBe(path.join('some', 'fixtures'));
  });

  it('otherwise points at shared/fixtures beside the repo', () => {
    delete process.env.KRATIX_FIXTURES_DIR;
    expect(fixturesDir().split(path.sep).slice(-2)).toEqual([
      'shared',
      'fixtures',
    ]);
  });
});

describe('describeWithFixtures without the fixtures folder', () => {
  const env = { ...process.env };
  const realDescribe = global.describe;
  let fakeDescribe: jest.Mock & { skip: jest.Mock };
  let warn: jest.SpyInstance;

  beforeEach(() => {
    process.env.KRATIX_FIXTURES_DIR = path.join(__dirname, 'no-such-folder');
    fakeDescribe = Object.assign(jest.fn(), { skip: jest.fn() });
    (global as any).describe = fakeDescribe;
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });

  afterEach(() => {
    global.describe = realDescribe;
    process.env = { ...env };
    warn.mockRestore();
  });

  it('skips with a warning naming the expected location', () => {
    process.env.CI = 'false';
    const body = jest.fn();
    describeWithFixtures('suite', body);
    expect(fakeDescribe.skip).toHaveBeenCalledWith('suite', body);
    expect(fakeDescribe).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('no-such-folder'),
    );
  });

  it('fails under CI=true', () => {
    process.env.CI = 'true';
    describeWithFixtures('suite', jest.fn());
    expect(fakeDescribe.skip).not.toHaveBeenCalled();
    expect(fakeDescribe).toHaveBeenCalledWith('suite', expect.any(Function));
  });
});
