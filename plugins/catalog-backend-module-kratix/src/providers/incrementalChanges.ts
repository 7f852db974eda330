import type {
  BuildEntitiesOptions,
  KratixSnapshot,
} from '../transformers/buildEntities';
import {
  EntityDelta,
  IncrementalEntities,
  SnapshotPart,
} from '../transformers/incrementalEntities';

/**
 * The watch events since the last full recompute, applied to that recompute's objects so the next publish
 * recomputes only what they touch. It holds while the sources stay the same and keep their state (read or not):
 * when either changes (a source started, stopped, first read), the snapshot would take objects from elsewhere (a
 * last good read) and only a full recompute is right; {@link IncrementalChanges.flush} then says so.
 */
export class IncrementalChanges {
  readonly #options: BuildEntitiesOptions;
  #snapshot?: KratixSnapshot;
  /** The sources and their state when the full recompute read them. */
  #sources?: string;
  #entities?: IncrementalEntities;
  #pending: Array<[SnapshotPart, string, unknown, boolean]> = [];

  constructor(options: BuildEntitiesOptions) {
    this.#options = options;
  }

  /** A full recompute read `snapshot` from `sources`: events from now on apply to it. */
  recomputed(snapshot: KratixSnapshot, sources: string): void {
    this.#snapshot = snapshot;
    this.#sources = sources;
    this.#entities = undefined;
    this.#pending = [];
  }

  /** An object of a source was added or updated, or deleted. */
  record(
    part: SnapshotPart,
    cluster: string,
    object: unknown,
    deleted: boolean,
  ): void {
    if (this.#entities) this.#entities.apply(part, cluster, object, deleted);
    else if (this.#snapshot)
      this.#pending.push([part, cluster, object, deleted]);
  }

  /** Indexes the last full recompute's objects now, rather than on the first change after it. */
  prepare(): IncrementalEntities | undefined {
    if (!this.#entities && this.#snapshot) {
      this.#entities = IncrementalEntities.of(this.#snapshot, this.#options);
      for (const event of this.#pending) this.#entities.apply(...event);
      this.#pending = [];
      this.#snapshot = undefined;
    }
    return this.#entities;
  }

  /** Forgets everything: the next publish recomputes in full. */
  invalidate(): void {
    this.#snapshot = undefined;
    this.#sources = undefined;
    this.#entities = undefined;
    this.#pending = [];
  }

  /**
   * The entities the events since the last flush changed, with the state they are part of; undefined when the
   * sources are no longer those of the last full recompute (`sources`), so a full recompute is due.
   */
  flush(
    sources: string,
  ): { delta: EntityDelta; entities: IncrementalEntities } | undefined {
    if (sources !== this.#sources) return undefined;
    const entities = this.prepare();
    return entities ? { delta: entities.flush(), entities } : undefined;
  }
}
