import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Options for {@link bundleGateway}. */
export interface BundleOptions {
  /**
   * The directory written; emptied first.
   * @default none: required (`npm run build` writes dist/)
   */
  outdir: string;
}

/** What one bundle run wrote. */
export interface BundleResult {
  /** The entry point to run with `node`: it turns source maps on, then loads the gateway. */
  entry: string;
  metafile: Metafile;
}

/**
 * What the gateway takes from undici, without the rest of its index: the index loads fetch,
 * WebSocket, EventSource, caches, cookies and mocks (three quarters of the bundle undici would
 * add, and a good part of each start), and the gateway calls none of them. The shim does what the
 * index does for the parts it keeps: it gives every dispatcher `request()` and the rest of the
 * API. Importing anything else from undici in src/ fails the build here ("No matching export").
 */
const undiciParts = `
import Pool from 'undici/lib/dispatcher/pool.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import errors from 'undici/lib/core/errors.js';
Object.assign(Dispatcher.prototype, api);
export { Pool, errors };
`;

const useUndiciParts: Plugin = {
  name: 'undici-parts',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, ({ importer }) =>
      importer.includes('/src/') ? { path: 'undici-parts', namespace: 'undici-parts' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'undici-parts' }, () => ({
      contents: undiciParts,
      resolveDir: projectRoot,
      loader: 'js',
    }));
  },
};

/** Marks the resolution {@link useGraphqlEsm} asks esbuild for, so that it does not ask itself again. */
const ownResolution = Symbol('graphql-esm');

/**
 * graphql 16 ships the same code twice, as CommonJS (`.js`, what its `main` names) and as ES
 * modules (`.mjs` beside each). Every import of graphql, deep ones too (graphql-armor's
 * `graphql/language/parser`), is taken from the `.mjs` files: one copy for every importer, as
 * with Node's own resolution, but one that esbuild can tree-shake and hoist, with no CommonJS
 * getter between the executor and graphql's functions on every call.
 */
const useGraphqlEsm: Plugin = {
  name: 'graphql-esm',
  setup(build) {
    build.onResolve(
      { filter: /^graphql(\/.*)?$/ },
      async ({ path, kind, resolveDir, importer, pluginData }) => {
        if (pluginData === ownResolution) return undefined;
        const resolved = await build.resolve(path, { kind, resolveDir, importer, pluginData: ownResolution });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const esm = resolved.path.replace(/\.js$/, '.mjs');
        return { path: existsSync(esm) ? esm : resolved.path };
      },
    );
  },
};

/** What @whatwg-node/server's createServerAdapter compares, and what it compares it with here. */
const nativeRequestCheck = 'fetchAPI.Request !== globalThis.Request';
const nativeRequestCheckWithoutLoading =
  "fetchAPI.Request !== Object.getOwnPropertyDescriptor(globalThis, 'Request')?.value";

/**
 * createServerAdapter (Yoga's HTTP layer) asks whether its Request is Node's own, by reading
 * `globalThis.Request`: a lazy global whose first read loads Node's bundled undici, about 35 ms of
 * every start, for a class the gateway never uses. The check is made without that read: until
 * something has read it, the global is still Node's lazy getter, so no Request can be Node's
 * (after the first read it is a plain value, compared as before). Fails the build when an upgrade
 * changes the line, so the check is looked at again.
 */
export function withoutLoadingNativeRequest(source: string): string {
  if (source.split(nativeRequestCheck).length !== 2) {
    throw new Error(`@whatwg-node/server: expected "${nativeRequestCheck}" once in createServerAdapter`);
  }
  return source.replace(nativeRequestCheck, nativeRequestCheckWithoutLoading);
}

const useLazyNativeRequest: Plugin = {
  name: 'lazy-native-request',
  setup(build) {
    build.onLoad(
      { filter: /@whatwg-node[/\\]server[/\\]esm[/\\]createServerAdapter\.js$/ },
      async ({ path }) => ({
        contents: withoutLoadingNativeRequest(await readFile(path, 'utf8')),
        loader: 'js',
      }),
    );
  },
};

/**
 * The launcher, dist/main.js: it makes stack traces name src/*.ts lines (src/observability/
 * lazy-source-maps.ts, which reads a map only when a trace needs it), then loads the gateway, so
 * that `node dist/main.js` and the package's bin stay the commands.
 */
const launcher = `#!/usr/bin/env node
// Written by scripts/bundle.ts (npm run build). The gateway itself is ./gateway.js.
import { mapStackTracesLazily } from './stack-traces.js';
mapStackTracesLazily(new URL('./', import.meta.url));
await import('./gateway.js');
`;

/**
 * Bundles src/main.ts and every dependency it loads into `outdir`: gateway.js, the chunks that
 * only a dynamic import loads (the OpenTelemetry SDK, GraphiQL, the Redis client, jose, the
 * sandbox...), each with a source map, and the launcher main.js. One file instead of about a
 * thousand modules is what makes the gateway start in a fraction of the time (bench/README.md).
 */
export async function bundleGateway({ outdir }: BundleOptions): Promise<BundleResult> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: { gateway: 'src/main.ts', 'stack-traces': 'src/observability/lazy-source-maps.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // esbuild's default for Node, main before module, resolves each package as Node itself does:
    // a package without an exports map is its CommonJS build, whoever imports it.
    // CommonJS dependencies call require() for Node's modules; an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    define: { BUNDLED_GATEWAY_VERSION: JSON.stringify(version) },
    // Less to read and parse at every start; names are kept, so traces read even without the map.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    // Stack traces need only the mappings; the sources are in src/ (and a smaller map loads faster).
    sourcesContent: false,
    plugins: [useUndiciParts, useGraphqlEsm, useLazyNativeRequest],
    metafile: true,
    logLevel: 'warning',
  });
  const entry = join(outdir, 'main.js');
  await writeFile(entry, launcher);
  await chmod(entry, 0o755);
  return { entry, metafile: result.metafile };
}
