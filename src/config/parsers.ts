/**
 * How one environment variable's text becomes a value. `parse` gets the text (never empty: an
 * empty variable counts as unset) and returns the value, or a problem that names what was wanted.
 */
export interface Parser<T> {
  parse(text: string): { value: T } | Wanted;
}

/** What a value should have been; `quote: false` when the value must not be shown (it holds a secret). */
export interface Wanted {
  problem: string;
  quote: boolean;
}

const ok = <T>(value: T) => ({ value });
const wanted = (problem: string, quote = true): Wanted => ({ problem, quote });

/** Visible ASCII without spaces: what may travel in an HTTP header. */
export const headerSafe = /^[\x21-\x7e]+$/;

export function text(): Parser<string> {
  return { parse: ok };
}

export function integer(min: number, max: number): Parser<number> {
  return {
    parse(value) {
      const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
      return Number.isInteger(number) && number >= min && number <= max
        ? ok(number)
        : wanted(`a whole number from ${min} to ${max}`);
    },
  };
}

export function boolean(): Parser<boolean> {
  return {
    parse: (value) =>
      value === 'true' || value === 'false' ? ok(value === 'true') : wanted('"true" or "false"'),
  };
}

export function choice<T extends string>(choices: readonly T[]): Parser<T> {
  return {
    parse: (value) =>
      (choices as readonly string[]).includes(value)
        ? ok(value as T)
        : wanted(`one of ${choices.join(', ')}`),
  };
}

/** An http(s) origin, optionally with a path prefix; no credentials, query or fragment; no trailing slash. */
export function baseUrl(): Parser<string> {
  return {
    parse(value) {
      const url = URL.canParse(value) ? new URL(value) : null;
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        return wanted('an http or https URL');
      }
      // Never quoted: the value itself holds the credentials.
      if (url.username || url.password) {
        return wanted('a URL without credentials: set the API key variable instead', false);
      }
      if (url.search || url.hash) return wanted('a URL without a query or a fragment');
      return ok(url.href.replace(/\/+$/, ''));
    },
  };
}

/** A credential: checked, never quoted. */
export function secret(): Parser<string> {
  return {
    parse: (value) => (headerSafe.test(value) ? ok(value) : wanted('printable ASCII without spaces', false)),
  };
}

/** Comma-separated items, each checked by `item`; empty items are dropped. */
export function list<T>(item: Parser<T>, description: string): Parser<readonly T[]> {
  return {
    parse(value) {
      const items: T[] = [];
      for (const part of value.split(',').map((entry) => entry.trim())) {
        if (part === '') continue;
        const parsed = item.parse(part);
        if ('problem' in parsed) return wanted(description, parsed.quote);
        items.push(parsed.value);
      }
      return ok(items);
    },
  };
}

/** A bearer token clients must send: at least `minLength` visible ASCII characters. */
export function token(minLength: number): Parser<string> {
  return {
    parse: (value) =>
      headerSafe.test(value) && value.length >= minLength
        ? ok(value)
        : wanted(`at least ${minLength} printable ASCII characters without spaces`, false),
  };
}

/** An http(s) URL without credentials, kept as written (normalized by URL). */
export function httpUrl(): Parser<string> {
  return {
    parse(value) {
      const url = URL.canParse(value) ? new URL(value) : null;
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        return wanted('an http or https URL');
      }
      if (url.username || url.password) return wanted('a URL without credentials', false);
      return ok(url.href);
    },
  };
}

/** A DNS name or an IP address: URL lets `*` and other characters browsers never send through. */
const originHost = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

/**
 * A web origin exactly as a browser sends it in `Origin`: `scheme://host[:port]`, lower case, no
 * default port, path or trailing slash. `*` and `null` are not origins one can trust.
 */
export function webOrigin(): Parser<string> {
  return {
    parse(value) {
      const url = URL.canParse(value) ? new URL(value) : null;
      // Compared with what URL makes of it, so `HTTP://X`, `http://x:80` and `http://x/` are refused
      // rather than silently never matching the Origin a browser sends.
      return url && originHost.test(url.hostname) && `${url.protocol}//${url.host}` === value
        ? ok(value)
        : wanted('an origin such as https://app.example.com or http://localhost:5173');
    },
  };
}

/**
 * A `redis://` or `rediss://` URL with a host, and a database number as its path if any. It may
 * hold a user and password, so it is never quoted.
 */
export function redisUrl(): Parser<string> {
  return {
    parse(value) {
      const url = URL.canParse(value) ? new URL(value) : null;
      if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
        return wanted('a redis:// or rediss:// URL with a host', false);
      }
      if (!/^(\/\d{0,5})?$/.test(url.pathname)) {
        return wanted('a Redis URL whose path, if any, is a database number', false);
      }
      return ok(value);
    },
  };
}
