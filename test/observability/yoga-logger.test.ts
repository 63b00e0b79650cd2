import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, toYogaLogger } from '../../src/observability/logger.js';

function collecting(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { yoga: toYogaLogger(createLogger({ level, destination })), lines };
}

describe('toYogaLogger', () => {
  it("writes Yoga's lines at their level, an Error under `err`, and none below the logger's level", () => {
    const { yoga, lines } = collecting('info');
    yoga.debug('Processing GraphQL Parameters');
    yoga.info('listening on', 4000);
    yoga.error(new TypeError('broken pipe'), 'while answering');
    expect(
      lines.map(({ level, msg, err }) => ({ level, msg, err: (err as { type?: string })?.type })),
    ).toEqual([
      { level: 30, msg: 'listening on 4000', err: undefined },
      { level: 50, msg: 'while answering', err: 'TypeError' },
    ]);
  });

  it("does not build a line below the logger's level: Yoga's per-request debug lines cost nothing at info", () => {
    const { yoga, lines } = collecting('info');
    let built = 0;
    const argument = {
      toString: () => {
        built += 1;
        return 'built';
      },
    };
    yoga.debug('Processing GraphQL Parameters', argument);
    expect({ built, lines }).toEqual({ built: 0, lines: [] });
    yoga.info('Processing GraphQL Parameters', argument);
    expect(built).toBe(1);
  });

  it('writes debug lines when the logger is at debug', () => {
    const { yoga, lines } = collecting('debug');
    yoga.debug('Processing GraphQL Parameters');
    expect(lines.map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 20, msg: 'Processing GraphQL Parameters' },
    ]);
  });
});
