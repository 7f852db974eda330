import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { stopBackend } from './stopBackend';

/** A route that answers after 300 ms, and tells when a request has arrived. */
function slowPlugin(onRequest: () => void) {
  return createBackendPlugin({
    pluginId: 'slow',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
          httpRouter.use((_req, res) => {
            onRequest();
            setTimeout(() => res.json({ ok: true }), 300);
          });
        },
      });
    },
  });
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([
    promise.then(() => 'stopped'),
    new Promise(resolve => setTimeout(() => resolve('still stopping'), ms)),
  ]);

describe('stopBackend', () => {
  it('stops a backend whose client keeps a busy keep-alive connection open', async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>(resolve => {
      arrived = resolve;
    });
    const backend = await startTestBackend({
      features: [slowPlugin(() => arrived())],
    });
    const url = `http://localhost:${backend.server.port()}/api/slow/`;
    // A poller like the drills' catalog watch: one request after the other on fetch's kept-alive connection.
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          await (await fetch(url)).json();
        } catch {
          // the backend has gone
        }
        await new Promise(r => setTimeout(r, 20));
      }
    })();
    try {
      await inFlight;
      // `backend.stop()` alone waits here for as long as the poller runs: Node's `server.close()` leaves the busy
      // connection open.
      expect(await within(10_000, stopBackend(backend))).toBe('stopped');
    } finally {
      polling = false;
      await poller;
      await backend.stop();
    }
  });
});
