/** The part of autocannon 9's programmatic API the bench uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      pipelining?: number;
      /** Seconds. */
      timeout?: number;
      /** Called with every response body; a falsy answer counts as a mismatch. */
      verifyBody?: (body: string) => boolean;
      /** The requests sent in turn, each on top of the options above. */
      requests?: RequestSpec[];
    }

    /** The request as autocannon is about to build it; its headers are a copy per build. */
    interface RawRequest {
      method: string;
      path: string;
      headers: Record<string, string>;
      body: string | Buffer;
    }

    interface RequestSpec {
      /** Called before each request is built (each time: the request is rebuilt); must return it. */
      setupRequest?: (request: RawRequest, context: object) => RawRequest | null;
    }

    interface Histogram {
      average: number;
      p50: number;
      p99: number;
      total: number;
    }

    interface Result {
      requests: Histogram;
      latency: Histogram;
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;

  export = autocannon;
}
