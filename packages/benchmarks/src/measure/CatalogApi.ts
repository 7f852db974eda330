import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';

/** A signed-in user's view of a benchmark backend's catalog and scaffolder APIs. */
export class CatalogApi {
  readonly #base: string;
  readonly #auth: string;

  constructor(port: number, user = 'user:default/bench') {
    this.#base = `http://localhost:${port}/api`;
    this.#auth = mockCredentials.user.header(user);
  }

  /** One JSON request to the backend. */
  async fetchJson<T = any>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.#base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: this.#auth,
        ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  }

  /** How many entities match every filter (`key=value`, or `key` for "has the key"). */
  async count(filters: string[]): Promise<number> {
    const query = filters.map(f => `filter=${encodeURIComponent(f)}`).join('&');
    const { status, body } = await this.fetchJson(
      `/catalog/entities/by-query?limit=1&${query}`,
    );
    if (status !== 200) {
      throw new Error(
        `Counting entities answered ${status}: ${JSON.stringify(body)}`,
      );
    }
    return body.totalItems;
  }

  /** An entity by kind, namespace and name, or undefined. */
  async entity(
    kind: string,
    namespace: string,
    name: string,
  ): Promise<Entity | undefined> {
    const { status, body } = await this.fetchJson(
      `/catalog/entities/by-name/${kind}/${namespace}/${encodeURIComponent(
        name,
      )}`,
    );
    if (status === 404) return undefined;
    if (status !== 200) {
      throw new Error(
        `GET ${kind}:${namespace}/${name} answered ${status}: ${JSON.stringify(
          body,
        )}`,
      );
    }
    return body;
  }
}
