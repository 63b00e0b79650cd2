import type { Logger } from './logger.js';

/** Says that a degraded mode started, and that it ended, once each however many requests meet it. */
export interface OutageNotice {
  /** The dependency failed again: logged only if it was not failing already. */
  failed(): void;
  /** The dependency answered: logged only if it was failing. */
  answered(): void;
}

export function createOutageNotice(
  logger: Logger,
  messages: { failed: string; answered: string },
): OutageNotice {
  let failing = false;
  return {
    failed() {
      if (failing) return;
      failing = true;
      logger.warn(messages.failed);
    },
    answered() {
      if (!failing) return;
      failing = false;
      logger.info(messages.answered);
    },
  };
}
