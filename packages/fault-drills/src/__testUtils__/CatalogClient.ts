import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';

/** Reads a test backend's catalog through its HTTP API, as a user would. */
export class CatalogClient {
  constructor(readonly baseUrl: string) {}

  async #get(path: string): Promise<Response> {
    return fetch(`${this.baseUrl}/api/catalog${path}`, {
      headers: { Authorization: mockCredentials.user.header() },
      signal: AbortSignal.timeout(10_000),
    });
  }

  /** Refs of every entity in the catalog, lower-cased. */
  async refs(): Promise<Set<string>> {
    const refs = new Set<string>();
    let cursor: string | undefined;
    // 20 pages of 1000 are far more than a drill ever holds.
    for (let page = 0; page < 20; page++) {
      const query = cursor
        ? `cursor=${encodeURIComponent(cursor)}`
        : 'fields=kind,metadata.namespace,metadata.name&limit=1000';
      const response = await this.#get(`/entities/by-query?${query}`);
      if (!response.ok) {
        throw new Error(
          `Listing the catalog answered ${
            response.status
          }: ${await response.text()}`,
        );
      }
      const body = (await response.json()) as {
        items: Entity[];
        pageInfo: { nextCursor?: string };
      };
      for (const e of body.items) {
        refs.add(
          `${e.kind}:${e.metadata.namespace ?? 'default'}/${
            e.metadata.name
          }`.toLowerCase(),
        );
      }
      cursor = body.pageInfo.nextCursor;
      if (!cursor) break;
    }
    return refs;
  }

  /** One entity, or undefined when the catalog does not have it. */
  async entity(ref: string): Promise<Entity | undefined> {
    const { kind, namespace, name } = parseEntityRef(ref);
    const response = await this.#get(
      `/entities/by-name/${kind}/${namespace}/${encodeURIComponent(name)}`,
    );
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new Error(
        `GET ${ref} from the catalog answered ${
          response.status
        }: ${await response.text()}`,
      );
    }
    return response.json();
  }

  /** An annotation of an entity, or undefined. */
  async annotation(ref: string, key: string): Promise<string | undefined> {
    return (await this.entity(ref))?.metadata.annotations?.[key];
  }
}
