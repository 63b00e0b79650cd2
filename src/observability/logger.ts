import { createRequire } from 'node:module';
import type { YogaLogger } from 'graphql-yoga';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /**
   * The lowest level written.
   * @default 'info'
   */
  level?: string;
  /**
   * Where lines go.
   * @default standard output
   */
  destination?: DestinationStream;
  /**
   * Human-readable, coloured lines instead of JSON (for a terminal); ignored with a destination.
   * @default false
   */
  pretty?: boolean;
}

/**
 * The gateway's structured logger: one line per event. On standard output it never blocks the
 * event loop (lines are written asynchronously): call {@link flushLogger} before exiting.
 */
export function createLogger({
  level = 'info',
  destination,
  pretty: readable = false,
}: LoggerOptions = {}): Logger {
  if (destination) return pino({ level }, destination);
  if (readable) {
    // Only a terminal needs the pretty printer: load it then, not in every production start.
    const pretty: typeof import('pino-pretty') = createRequire(import.meta.url)('pino-pretty');
    return pino({ level }, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l' }));
  }
  return pino({ level }, pino.destination({ dest: 1, sync: false }));
}

/** Writes out every line still buffered. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/** Yoga's logger interface on top of pino, so Yoga's own lines are structured too. */
export function toYogaLogger(logger: Logger): YogaLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      // Yoga logs three debug lines per request: with debug off, build none of them.
      if (!logger.isLevelEnabled(level)) return;
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, rest.map(String).join(' ') || first.message);
      else logger[level](args.map(String).join(' '));
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
