import {
  getPromiseApi,
  promiseEntityName,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { loadDemoPromises } from './demoPromises';
import { DemoRequest, demoRequests } from './demoRequests';
import { PLATFORM_CLUSTER } from './startDemoClusters';

/**
 * The catalog entities a seeded demo shows, as entity refs: each Promise's Component and each seeded request's
 * Resource, named by the catalog module's rule.
 */
export function demoEntityRefs(
  promises: any[] = loadDemoPromises(),
  requests: DemoRequest[] = demoRequests(),
): string[] {
  const byName = new Map(promises.map(p => [p.metadata.name, p]));
  const components = promises.map(
    p =>
      `component:default/${promiseEntityName({
        cluster: PLATFORM_CLUSTER,
        name: p.metadata.name,
      })}`,
  );
  const resources = requests.map(r => {
    const api = getPromiseApi(byName.get(r.promise));
    if (!api) {
      throw new Error(
        `Seeded request '${r.namespace}/${r.name}' names Promise '${r.promise}', which the demo does not install with an API`,
      );
    }
    return `resource:default/${resourceRequestEntityName({
      cluster: PLATFORM_CLUSTER,
      namespace: r.namespace,
      name: r.name,
      kind: api.kind,
      group: api.group,
    })}`;
  });
  return [...components, ...resources];
}

/** Options of {@link waitForPortal}. */
export interface WaitForPortalOptions {
  /** The frontend, e.g. `http://localhost:3000`. */
  appUrl: string;
  /** The backend, e.g. `http://localhost:7007`. */
  backendUrl: string;
  /** The entity refs the catalog must hold. */
  refs: string[];
  timeoutMs: number;
  pollIntervalMs?: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

async function pageAnswers(appUrl: string): Promise<string | undefined> {
  const response = await fetch(appUrl, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const type = response.headers.get('content-type') ?? '';
  if (response.ok && type.includes('text/html')) return undefined;
  return `${appUrl} answered ${response.status} (${type || 'no content type'})`;
}

// The demo signs everyone in as its guest; a guest's token reads the catalog as the portal's pages do.
async function guestToken(backendUrl: string): Promise<string> {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(
      `signing in as the guest answered ${
        response.status
      }: ${await response.text()}`,
    );
  }
  const body = (await response.json()) as any;
  return body.backstageIdentity.token;
}

async function missingEntities(
  backendUrl: string,
  token: string,
  refs: string[],
): Promise<string[]> {
  const response = await fetch(`${backendUrl}/api/catalog/entities/by-refs`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ entityRefs: refs, fields: ['kind'] }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(
      `the catalog answered ${response.status}: ${await response.text()}`,
    );
  }
  const { items } = (await response.json()) as { items: unknown[] };
  return refs.filter((_, i) => !items[i]);
}

/**
 * Waits until the portal has started: its frontend answers with its page and its catalog holds every given
 * entity. Fails after `timeoutMs` saying what it was still waiting for.
 */
export async function waitForPortal(
  options: WaitForPortalOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let token: string | undefined;
  let waitingFor = 'nothing yet';
  for (;;) {
    try {
      const page = await pageAnswers(options.appUrl);
      if (page) {
        waitingFor = page;
      } else {
        token ??= await guestToken(options.backendUrl);
        const missing = await missingEntities(
          options.backendUrl,
          token,
          options.refs,
        );
        if (missing.length === 0) return;
        waitingFor = `the catalog lacks ${missing.length} of the demo's ${
          options.refs.length
        } entities (${missing.slice(0, 3).join(', ')}${
          missing.length > 3 ? ', ...' : ''
        })`;
      }
    } catch (e: any) {
      // fetch() says only "fetch failed"; its cause says why (ECONNREFUSED while a server starts).
      waitingFor = e?.cause?.code
        ? `${e.message} (${e.cause.code})`
        : e?.message ?? String(e);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The portal had not started after ${Math.round(
          options.timeoutMs / 1000,
        )} s: ${waitingFor}`,
      );
    }
    await new Promise(r => setTimeout(r, options.pollIntervalMs ?? 500));
  }
}
