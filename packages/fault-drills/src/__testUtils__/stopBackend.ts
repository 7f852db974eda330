import type { TestBackend } from '@backstage/backend-test-utils';

/** How often a stopping backend's server is checked. */
const CHECK_MS = 20;

/**
 * Stops a test backend the way a restarting process goes away. The backend shuts its plugins down, then closes its
 * HTTP server; Node's `server.close()` stops listening and closes the connections idle at that moment, but a
 * keep-alive connection that is busy then stays open, and its client may go on sending requests on it (the drills'
 * catalog watch polls every 250 ms): the close, and so the backend's stop, waits for it forever. A process that exits
 * drops its connections instead, so once the server has stopped listening, every connection left is closed.
 */
export async function stopBackend(backend: TestBackend): Promise<void> {
  const server = backend.server;
  const timer = setInterval(() => {
    if (!server.listening) server.closeAllConnections();
  }, CHECK_MS);
  try {
    await backend.stop();
  } finally {
    clearInterval(timer);
  }
}
