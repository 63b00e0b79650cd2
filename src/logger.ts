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
}

/** The gateway's structured logger: JSON lines, one per event. */
export function createLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  return destination ? pino({ level }, destination) : pino({ level });
}

/** Yoga's logger interface on top of pino, so Yoga's own lines are structured too. */
export function toYogaLogger(logger: Logger): YogaLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, rest.map(String).join(' ') || first.message);
      else logger[level](args.map(String).join(' '));
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
