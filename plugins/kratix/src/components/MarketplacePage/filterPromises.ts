import type { KratixMarketplacePromise } from '@kratix-backstage/plugin-kratix-common';

/** Which Promises to show by status: all, those that take requests now, or the others (unavailable or unknown). */
export type PromiseStatusFilter = 'all' | 'available' | 'unavailable';

/** The Promises whose name, title, description or API kind holds the search text, and whose status matches. */
export function filterPromises(
  promises: KratixMarketplacePromise[],
  filter: { search: string; status: PromiseStatusFilter },
): KratixMarketplacePromise[] {
  const words = filter.search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return promises.filter(promise => {
    if (filter.status === 'available' && promise.availability !== 'available')
      return false;
    if (filter.status === 'unavailable' && promise.availability === 'available')
      return false;
    const text = [
      promise.name,
      promise.title,
      promise.description,
      promise.api?.kind,
    ]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase();
    return words.every(word => text.includes(word));
  });
}
