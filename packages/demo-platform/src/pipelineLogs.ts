import type { PipelineOutput } from './pipelineOutput';

/** What one run of a pipeline did, as far as its containers' logs tell. */
export interface PipelineLogsInput {
  action: 'configure' | 'delete';
  promise: string;
  pipeline: string;
  /** The request the run is for. */
  request: {
    apiVersion: string;
    kind: string;
    name: string;
    namespace: string;
  };
  /** The pipeline's own containers, in order, with their images. */
  stages: Array<{ name: string; image?: string }>;
  /** Where the run's Works go: the pipeline namespace. */
  namespace: string;
  /** What the last stage wrote (configure workflows). */
  output?: PipelineOutput;
  /** The stage that fails, and why; the containers after it never start. */
  failure?: { container: string; message: string };
}

function objectsLine(file: PipelineOutput['files'][number]): string {
  const kinds = file.objects.map(
    o =>
      `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${
        o.metadata?.name
      }`,
  );
  return `wrote /kratix/output/${file.filepath}: ${kinds.join(', ')}`;
}

/**
 * The lines each container of a pipeline's Pod prints, in the order Kratix runs them
 * (syntasso/kratix api/v1alpha1/pipeline_factory.go): `reader` puts the request in /kratix/input, each stage
 * reads it and the last one writes /kratix/output and /kratix/metadata, `work-writer` (configure only) makes the
 * Work from them and `status-writer` writes the request's status. A failing stage's lines end with its error, and
 * the containers after it print nothing: they never start.
 */
export function pipelineLogs(
  input: PipelineLogsInput,
): Record<string, string[]> {
  const { request, output, failure } = input;
  const object = `${request.kind} ${request.namespace}/${request.name}`;
  const logs: Record<string, string[]> = {
    reader: [
      `reading ${object} (${request.apiVersion}) for the ${input.action} workflow of Promise ${input.promise}`,
      'wrote /kratix/input/object.yaml',
    ],
  };
  input.stages.forEach((stage, i) => {
    const last = i === input.stages.length - 1;
    const lines = [
      `${stage.image ?? stage.name}: ${input.action} ${object}`,
      'read /kratix/input/object.yaml',
    ];
    if (failure?.container === stage.name) {
      logs[stage.name] = [...lines, `error: ${failure.message}`];
      return;
    }
    if (last && input.action === 'configure' && output) {
      lines.push(...output.files.map(objectsLine));
      if (output.message || output.status) {
        lines.push('wrote /kratix/metadata/status.yaml');
      }
    }
    if (last && input.action === 'delete') {
      lines.push(`cleaned up what ${object} asked for`);
    }
    logs[stage.name] = lines;
  });
  if (failure) return logs;
  if (input.action === 'configure') {
    const files = output?.files.length ?? 0;
    logs['work-writer'] = [
      `read ${files} file(s) from /work-creator-files/input`,
      `wrote the Work of pipeline ${input.pipeline} for ${object} in namespace ${input.namespace}`,
    ];
  }
  logs['status-writer'] = [
    `updated the status of ${object}${
      output?.message ? `: message "${output.message}"` : ''
    }`,
  ];
  return logs;
}
