import {
  KubeConnection,
  KubeRequestError,
  kubeRequest,
} from '@kratix-backstage/kube-test-cluster';

const MERGE_PATCH = 'application/merge-patch+json';

/** Where an object lives: its apiVersion, kind and (for namespaced kinds) namespace. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** What discovery says about a kind. */
export interface KindInfo {
  plural: string;
  namespaced: boolean;
}

function isNotFound(e: unknown): boolean {
  return e instanceof KubeRequestError && e.statusCode === 404;
}

/**
 * A small JSON client for one API server, over kube-test-cluster's
 * `kubeRequest`, with the few verbs the demo needs and a discovery cache.
 */
export class KubeClient {
  private readonly kinds = new Map<string, Promise<Map<string, KindInfo>>>();

  constructor(readonly connection: KubeConnection, readonly name: string) {}

  /** The plural and scope of a kind, from the server's discovery. */
  async kindInfo(apiVersion: string, kind: string): Promise<KindInfo> {
    let group = this.kinds.get(apiVersion);
    if (!group) {
      const base = apiVersion.includes('/') ? '/apis' : '/api';
      group = kubeRequest(this.connection, 'GET', `${base}/${apiVersion}`).then(
        list =>
          new Map<string, KindInfo>(
            (list.resources ?? [])
              .filter((r: any) => !r.name.includes('/'))
              .map((r: any) => [
                r.kind,
                { plural: r.name, namespaced: Boolean(r.namespaced) },
              ]),
          ),
      );
      // A kind whose CRD appears later must not stay unknown.
      group.catch(() => this.kinds.delete(apiVersion));
      this.kinds.set(apiVersion, group);
    }
    const info = (await group).get(kind);
    if (!info) {
      this.kinds.delete(apiVersion);
      throw new Error(
        `Cluster '${this.name}' does not serve ${kind} in ${apiVersion}; create its CRD first`,
      );
    }
    return info;
  }

  /** Forgets discovery answers, e.g. after creating CRDs. */
  forgetKinds(): void {
    this.kinds.clear();
  }

  /** Path of a collection (namespace undefined = every namespace for namespaced kinds). */
  async collectionPath(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): Promise<string> {
    const { plural, namespaced } = await this.kindInfo(apiVersion, kind);
    const base = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    return namespaced && namespace
      ? `${base}/namespaces/${namespace}/${plural}`
      : `${base}/${plural}`;
  }

  async objectPath(ref: ObjectRef): Promise<string> {
    const { namespaced } = await this.kindInfo(ref.apiVersion, ref.kind);
    if (namespaced && !ref.namespace) {
      throw new Error(
        `${ref.kind} '${ref.name}' is namespaced but has no namespace`,
      );
    }
    return `${await this.collectionPath(
      ref.apiVersion,
      ref.kind,
      ref.namespace,
    )}/${ref.name}`;
  }

  /** The object, or undefined when it does not exist. */
  async get(ref: ObjectRef): Promise<any | undefined> {
    try {
      return await kubeRequest(
        this.connection,
        'GET',
        await this.objectPath(ref),
      );
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Every object of a kind (in one namespace, or all), optionally filtered by a label selector. */
  async list(
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<any[]> {
    const path = await this.collectionPath(apiVersion, kind, options.namespace);
    const query = options.labelSelector
      ? `?labelSelector=${encodeURIComponent(options.labelSelector)}`
      : '';
    const list = await kubeRequest(this.connection, 'GET', `${path}${query}`);
    return list.items ?? [];
  }

  /**
   * Creates the object unless one of that name exists; `created` says which.
   * A `status` in the body is ignored by servers with a status subresource.
   */
  async createIfAbsent(
    object: any,
  ): Promise<{ created: boolean; object: any }> {
    const path = await this.collectionPath(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
    );
    try {
      const { status, ...body } = object;
      return {
        created: true,
        object: await kubeRequest(this.connection, 'POST', path, body),
      };
    } catch (e) {
      if (e instanceof KubeRequestError && e.statusCode === 409) {
        return { created: false, object: await this.get(refOf(object)) };
      }
      throw e;
    }
  }

  /** Creates the object, or merge-patches an existing one to match it (status aside). */
  async apply(object: any): Promise<any> {
    const { created, object: current } = await this.createIfAbsent(object);
    if (created) return current;
    const { status, ...body } = object;
    return this.patch(refOf(object), body);
  }

  /** A JSON merge patch. */
  async patch(ref: ObjectRef, patch: unknown): Promise<any> {
    return kubeRequest(
      this.connection,
      'PATCH',
      await this.objectPath(ref),
      patch,
      { contentType: MERGE_PATCH },
    );
  }

  /** A JSON merge patch of the status subresource. */
  async patchStatus(ref: ObjectRef, status: unknown): Promise<any> {
    return kubeRequest(
      this.connection,
      'PATCH',
      `${await this.objectPath(ref)}/status`,
      { status },
      { contentType: MERGE_PATCH },
    );
  }

  /** Deletes the object; false when it was already gone. */
  async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await kubeRequest(this.connection, 'DELETE', await this.objectPath(ref));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }
}

/** The reference of an object. */
export function refOf(object: any): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    namespace: object.metadata.namespace,
  };
}
