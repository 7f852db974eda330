import { KubernetesObject, ObjectReference } from './kubernetes';

/**
 * One container of a Kratix Pipeline.
 *
 * @public
 */
export interface KratixPipelineContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  [key: string]: unknown;
}

/**
 * A Kratix Pipeline (`platform.kratix.io/v1alpha1`, kind Pipeline) as embedded in a Promise's workflows.
 *
 * @public
 */
export type KratixPipeline = KubernetesObject<
  {
    containers?: KratixPipelineContainer[];
    volumes?: unknown[];
    imagePullSecrets?: ObjectReference[];
    rbac?: unknown;
    [key: string]: unknown;
  },
  never
>;

/**
 * The configure and delete pipelines of one workflow type.
 *
 * @public
 */
export interface KratixWorkflowActions {
  configure?: KratixPipeline[];
  delete?: KratixPipeline[];
}

/**
 * A Promise's `spec.workflows`: pipelines run for the Promise itself and for each resource request.
 *
 * @public
 */
export interface KratixWorkflows {
  resource?: KratixWorkflowActions;
  promise?: KratixWorkflowActions;
  config?: { pipelineNamespace?: string; [key: string]: unknown };
}

/**
 * Phase of a pipeline run, as Kratix writes it in `status.kratix.workflows.pipelines[].phase`.
 *
 * @public
 */
export type KratixPipelinePhase =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Suspended';

/**
 * The state of one pipeline, from `status.kratix.workflows.pipelines[]`.
 *
 * @public
 */
export interface KratixPipelineStatus {
  name: string;
  phase?: KratixPipelinePhase;
  message?: string;
  attempts?: number;
  lastTransitionTime?: string;
  nextRetryAt?: string;
}

/**
 * The `status.kratix` block Kratix controllers own on Promises and resource requests.
 *
 * @public
 */
export interface KratixControllerStatus {
  workflows?: {
    pipelines?: KratixPipelineStatus[];
    suspendedGeneration?: number;
  };
  [key: string]: unknown;
}
