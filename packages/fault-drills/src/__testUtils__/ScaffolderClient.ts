import { mockCredentials } from '@backstage/backend-test-utils';

/** How a scaffolder task ended. */
export interface TaskResult {
  status: string;
  /** The error the task failed with, as its completion event carries it. */
  error?: { name?: string; message?: string };
  /** Task creation refused (e.g. the values do not fit the Template): its HTTP status and message. */
  refused?: { status: number; message: string };
}

/** Runs Templates through a test backend's scaffolder API, as a user submitting the form would. */
export class ScaffolderClient {
  constructor(readonly baseUrl: string, readonly user = 'user:default/jane') {}

  #fetch(path: string, init: RequestInit = {}) {
    return fetch(`${this.baseUrl}/api/scaffolder${path}`, {
      ...init,
      headers: {
        Authorization: mockCredentials.user.header(this.user),
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      signal: AbortSignal.timeout(15_000),
    });
  }

  /** Runs a Template with these values and waits (at most 60 s) for the task to end. */
  async run(templateRef: string, values: object): Promise<TaskResult> {
    const created = await this.#fetch('/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef, values }),
    });
    if (created.status !== 201) {
      const body = await created.json().catch(() => ({}));
      return {
        status: 'refused',
        refused: {
          status: created.status,
          message: body?.error?.message ?? JSON.stringify(body),
        },
      };
    }
    const { id } = await created.json();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const task = await (await this.#fetch(`/v2/tasks/${id}`)).json();
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        const events: any[] = await (
          await this.#fetch(`/v2/tasks/${id}/events`)
        ).json();
        const completion = events.find(e => e.type === 'completion');
        return { status: task.status, error: completion?.body?.error };
      }
      if (Date.now() > deadline) {
        throw new Error(`Task ${id} of ${templateRef} did not end within 60 s`);
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }
}
