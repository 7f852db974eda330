import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
  SchedulerService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import type { JsonObject } from '@backstage/types';
import {
  DefaultKratixClusterService,
  kratixClusterServiceRef,
  KratixClusterService,
} from '@kratix-backstage/plugin-kratix-node';
import type { FromBackend } from './benchBackendProtocol';
import { LOG_PATTERNS } from './benchBackendProtocol';

type Send = (message: FromBackend) => void;

/**
 * A root logger that keeps the process quiet: warnings and errors go to stderr, and the lines the benchmark waits
 * for (a provider's published or synced line) are sent to the parent with their time.
 */
class SignallingLogger implements RootLoggerService {
  constructor(
    private readonly send: Send,
    private readonly fields: JsonObject = {},
  ) {}

  private write(level: string, message: string, meta?: Error | JsonObject) {
    const at = Date.now();
    for (const { key, pattern } of LOG_PATTERNS) {
      if (pattern.test(message)) this.send({ type: 'log', key, at, message });
    }
    if (level === 'error' || level === 'warn') {
      const where = this.fields.plugin ? `[${this.fields.plugin}] ` : '';
      let extra = '';
      if (meta instanceof Error) extra = ` ${meta.stack ?? meta.message}`;
      else if (meta && Object.keys(meta).length)
        extra = ` ${JSON.stringify(meta)}`;
      process.stderr.write(
        `${new Date(at).toISOString()} ${level} ${where}${message}${extra}\n`,
      );
    }
  }

  error(message: string, meta?: Error | JsonObject) {
    this.write('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.write('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.write('info', message, meta);
  }
  debug() {}
  child(meta: JsonObject): LoggerService {
    return new SignallingLogger(this.send, { ...this.fields, ...meta });
  }
}

/** The root logger of a benchmark backend. */
export function signallingRootLoggerFactory(send: Send) {
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => new SignallingLogger(send),
  });
}

/**
 * The real scheduler, except that the catalog's tasks start only once `gate` resolves, so the heap can be read with
 * every plugin started and no ingestion under way; each catalog task run is reported with its start and end.
 */
export function gatedSchedulerFactory(gate: Promise<void>, send: Send) {
  return createServiceFactory({
    service: coreServices.scheduler,
    deps: {
      database: coreServices.database,
      logger: coreServices.logger,
      rootLifecycle: coreServices.rootLifecycle,
      httpRouter: coreServices.httpRouter,
      pluginMetadata: coreServices.pluginMetadata,
      metrics: metricsServiceRef,
    },
    async factory(deps): Promise<SchedulerService> {
      const real = DefaultSchedulerService.create(deps);
      if (deps.pluginMetadata.getId() !== 'catalog') return real;
      const reported =
        (id: string, fn: SchedulerServiceTaskFunction) =>
        async (signal: AbortSignal) => {
          send({ type: 'taskStart', id, at: Date.now() });
          try {
            await fn(signal);
            send({ type: 'taskEnd', id, at: Date.now() });
          } catch (error) {
            send({ type: 'taskEnd', id, at: Date.now(), error: String(error) });
            throw error;
          }
        };
      const later = (what: string, start: () => Promise<void>) => {
        gate
          .then(start)
          .catch(error =>
            deps.logger.error(`Could not start ${what}: ${error}`),
          );
      };
      return {
        triggerTask: id => real.triggerTask(id),
        cancelTask: id => real.cancelTask(id),
        getScheduledTasks: () => real.getScheduledTasks(),
        scheduleTask: async task => {
          later(task.id, () =>
            real.scheduleTask({ ...task, fn: reported(task.id, task.fn) }),
          );
        },
        createScheduledTaskRunner: schedule => ({
          run: async task => {
            later(task.id, () =>
              real
                .createScheduledTaskRunner(schedule)
                .run({ ...task, fn: reported(task.id, task.fn) }),
            );
          },
        }),
      };
    },
  });
}

/**
 * The Kratix cluster service as its default factory builds it, watched from outside: for every informer a provider
 * starts, the parent is told when it started, when its first list completed and how many objects it holds. Nothing
 * the provider sees changes.
 */
export function observedClusterServiceFactory(send: Send) {
  return createServiceFactory({
    service: kratixClusterServiceRef,
    deps: {
      config: coreServices.rootConfig,
      logger: coreServices.rootLogger,
      lifecycle: coreServices.rootLifecycle,
    },
    factory({ config, logger, lifecycle }): KratixClusterService {
      const clusters = DefaultKratixClusterService.fromConfig(config, {
        logger: logger.child({ service: 'kratix.cluster' }),
      });
      lifecycle.addShutdownHook(() => clusters.close());
      return {
        listClusters: () => clusters.listClusters(),
        getDefaultClusterName: () => clusters.getDefaultClusterName(),
        getClient: name => {
          const client = clusters.getClient(name);
          return new Proxy(client, {
            get(target, prop) {
              const value = Reflect.get(target, prop, target);
              if (prop !== 'informer') {
                return typeof value === 'function' ? value.bind(target) : value;
              }
              return (options: Parameters<typeof client.informer>[0]) => {
                const informer = target.informer(options);
                const startedAt = Date.now();
                informer
                  .waitForSync()
                  .then(() =>
                    send({
                      type: 'informer',
                      cluster: target.clusterName,
                      apiVersion: options.apiVersion,
                      kind: options.kind ?? options.plural ?? '',
                      startedAt,
                      syncedAt: Date.now(),
                      objects: informer.list().length,
                    }),
                  )
                  .catch(() => {});
                return informer;
              };
            },
          });
        },
      };
    },
  });
}
