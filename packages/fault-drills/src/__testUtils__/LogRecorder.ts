import type {
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/** One line a backend logged. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: Record<string, unknown>;
  at: number;
}

class RecordingLogger implements RootLoggerService {
  constructor(
    private readonly lines: LogLine[],
    private readonly meta: Record<string, unknown> = {},
  ) {}

  child(meta: Record<string, unknown>): LoggerService {
    return new RecordingLogger(this.lines, { ...this.meta, ...meta });
  }

  error(message: string, meta?: unknown) {
    this.record('error', message, meta);
  }

  warn(message: string, meta?: unknown) {
    this.record('warn', message, meta);
  }

  info(message: string, meta?: unknown) {
    this.record('info', message, meta);
  }

  debug(message: string, meta?: unknown) {
    this.record('debug', message, meta);
  }

  private record(level: LogLine['level'], message: string, meta?: unknown) {
    const extra =
      meta instanceof Error
        ? { error: meta.message }
        : (meta as Record<string, unknown> | undefined);
    const line = {
      level,
      message,
      meta: { ...this.meta, ...extra },
      at: Date.now(),
    };
    this.lines.push(line);
    const verbose = process.env.DRILL_VERBOSE;
    if (verbose && (level !== 'debug' || verbose === 'debug')) {
      process.stderr.write(
        `${new Date(line.at)
          .toISOString()
          .slice(11, 23)} [${level}] ${message}\n`,
      );
    }
  }
}

/**
 * Records every line a backend logs, at every level, across backends and restarts, so a drill can say what the
 * plugins warned about while a fault lasted.
 */
export class LogRecorder {
  readonly lines: LogLine[] = [];

  /** The backend's root logger; every plugin's logger is a child of it. */
  factory() {
    const logger = new RecordingLogger(this.lines);
    return createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => logger,
    });
  }

  /** Lines at a level (or several) logged since a time, optionally matching a pattern. */
  find(levels: LogLine['level'][], since = 0, pattern?: RegExp): LogLine[] {
    return this.lines.filter(
      l =>
        l.at >= since &&
        levels.includes(l.level) &&
        (!pattern || pattern.test(l.message)),
    );
  }

  /** Warnings and errors since a time. */
  warnings(since = 0, pattern?: RegExp): LogLine[] {
    return this.find(['warn', 'error'], since, pattern);
  }
}
