import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { DefaultKratixInformerService } from '@kratix-backstage/plugin-kratix-node';
import type {
  KratixClusterService,
  KratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';
import { PromiseToTemplate } from '../transformers/types';
import {
  holdDurationMs,
  KratixEntityProviderConfig,
  readKratixEntityProviderConfigs,
} from './KratixEntityProviderConfig';
import { KratixIngestion, KratixIngestionMemory } from './KratixIngestion';

/**
 * Options of {@link KratixEntityProvider.fromConfig}.
 *
 * @public
 */
export interface KratixEntityProviderOptions {
  logger: LoggerService;
  clusters: KratixClusterService;
  /**
   * The informers to read through, shared with the other plugins of the backend (`kratixInformerServiceRef`); the
   * provider's own over `clusters` unless given.
   */
  informers?: KratixInformerService;
  /** Used to run each provider's task with `scope: 'global'`; or give `taskRunner`. */
  scheduler?: SchedulerService;
  /** Runs the task of every provider; overrides `scheduler`. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** Turns a Promise into a Software Template; omit to generate none. */
  promiseToTemplate?: PromiseToTemplate;
}

/**
 * Ingests Kratix Promises (Component + API + Template), resource requests, Destinations and the Crossplane objects
 * behind them from one platform cluster, kept live by watches. One provider per `catalog.providers.kratix.<id>`.
 *
 * @public
 */
export class KratixEntityProvider implements EntityProvider {
  readonly #config: KratixEntityProviderConfig;
  readonly #options: KratixEntityProviderOptions;
  readonly #logger: LoggerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  readonly #informers: KratixInformerService;
  #connection?: EntityProviderConnection;
  /** Last good reads and logged problems, carried from each run to the next. */
  readonly #memory = new KratixIngestionMemory();

  /** One provider per block under `catalog.providers.kratix`. */
  static fromConfig(
    config: Config,
    options: KratixEntityProviderOptions,
  ): KratixEntityProvider[] {
    // The providers of one backend share their informers, as the plugins of the backend do.
    const informers =
      options.informers ??
      DefaultKratixInformerService.create({ clusters: options.clusters });
    return readKratixEntityProviderConfigs(config, {
      logger: options.logger,
    }).map(providerConfig => {
      const taskRunner =
        options.taskRunner ??
        options.scheduler?.createScheduledTaskRunner({
          ...providerConfig.schedule,
          // The task's lock makes one replica the worker; the others wait for its run to end or expire.
          scope: 'global',
        });
      if (!taskRunner) {
        throw new Error(
          'KratixEntityProvider needs either a scheduler or a taskRunner',
        );
      }
      return new KratixEntityProvider(
        providerConfig,
        options,
        taskRunner,
        informers,
      );
    });
  }

  private constructor(
    config: KratixEntityProviderConfig,
    options: KratixEntityProviderOptions,
    taskRunner: SchedulerServiceTaskRunner,
    informers: KratixInformerService,
  ) {
    this.#config = config;
    this.#options = options;
    this.#taskRunner = taskRunner;
    this.#informers = informers;
    this.#logger = options.logger.child({ target: this.getProviderName() });
  }

  /** `kratix-provider:<id>`. */
  getProviderName(): string {
    return `kratix-provider:${this.#config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    const id = `${this.getProviderName()}:refresh`;
    await this.#taskRunner.run({
      id,
      fn: async signal => {
        try {
          await this.run(signal);
        } catch (error) {
          this.#logger.error(`${id} failed: ${error}`);
        }
      },
    });
  }

  /**
   * One run: a full read of every source, then live updates from watches until `signal` aborts or the task's
   * timeout (minus a margin) is near.
   */
  async run(signal?: AbortSignal): Promise<void> {
    if (!this.#connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const ingestion = new KratixIngestion({
      config: this.#config,
      clusters: this.#options.clusters,
      informers: this.#informers,
      logger: this.#logger,
      connection: this.#connection,
      promiseToTemplate: this.#options.promiseToTemplate,
      memory: this.#memory,
    });
    await ingestion.run(
      signal ?? new AbortController().signal,
      holdDurationMs(this.#config.schedule),
    );
  }
}
