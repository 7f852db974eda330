export interface Config {
  kratix?: {
    /** Settings of the Kratix backend plugin (`/api/kratix`). Read only by the backend. */
    backend?: {
      /** How long an answer is reused for the same caller, entity and route, in milliseconds; 5000 unless given. 0 turns caching off. */
      cacheTtlMs?: number;
      /** How long one call to a cluster may take before the answer says the cluster is too slow, in milliseconds; 10000 unless given. */
      clusterTimeoutMs?: number;
      /** Lines of a pipeline log returned when the caller asks for none; 1000 unless given. */
      defaultLogTailLines?: number;
      /** Most bytes of a pipeline log one answer carries; 262144 (256 KiB) unless given. */
      maxLogBytes?: number;
      /** How deep the Crossplane tree is followed from a claim or XR; 5 unless given. */
      crossplaneMaxDepth?: number;
      /** Most objects one Crossplane tree holds; 200 unless given. */
      crossplaneMaxNodes?: number;
      /** Live updates through Backstage signals. */
      signals?: {
        /** Publish `kratix:entity:<entityRef>` signals when watched objects change; true unless given. */
        enabled?: boolean;
        /** How long after a caller last asked about an entity its objects stay watched, in milliseconds; 300000 unless given. */
        idleTimeoutMs?: number;
      };
    };
  };
}
