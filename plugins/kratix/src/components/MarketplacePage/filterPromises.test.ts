import { marketplace } from '../KratixContent/__testUtils__/fakeKratixApi';
import { filterPromises } from './filterPromises';

const names = (search: string, status: 'all' | 'available' | 'unavailable') =>
  filterPromises(marketplace.promises, { search, status }).map(p => p.name);

describe('filterPromises', () => {
  it('keeps everything without a search or status', () => {
    expect(names('', 'all')).toEqual([
      'kafka',
      'postgresql',
      'redis',
      'sql-aws',
    ]);
  });

  it('matches name, title, description and API kind, ignoring case, every word', () => {
    expect(names('REDIS', 'all')).toEqual(['redis']);
    expect(names('sql on aws', 'all')).toEqual(['sql-aws']);
    expect(names('strimzi', 'all')).toEqual(['kafka']);
    expect(names('in-memory cache', 'all')).toEqual(['redis']);
    expect(names('postgresql database', 'all')).toEqual(['postgresql']);
    expect(names('redis kafka', 'all')).toEqual([]);
  });

  it('filters by status; unknown counts as not available', () => {
    expect(names('', 'available')).toEqual(['postgresql', 'redis']);
    expect(names('', 'unavailable')).toEqual(['kafka', 'sql-aws']);
    expect(names('redis', 'unavailable')).toEqual([]);
  });
});
