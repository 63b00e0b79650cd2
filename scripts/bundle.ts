import { readFileSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

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
 * The launcher, dist/main.js. Node reads a module's source map as the module loads, and only
 * while source maps are on: turning them on here, before the gateway's bundle is imported, makes
 * every stack trace name src/*.ts lines, with `node dist/main.js` and the package's bin as the
 * unchanged commands (a shebang cannot portably pass --enable-source-maps).
 */
const launcher = `#!/usr/bin/env node
// Written by scripts/bundle.ts (npm run build). The gateway itself is ./gateway.js.
process.setSourceMapsEnabled(true);
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
    entryPoints: { gateway: 'src/main.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // esbuild's default for Node, main before module, resolves each package as Node itself does
    // (graphql 16 has no exports map: its CommonJS build, for every importer, as one copy).
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
    metafile: true,
    logLevel: 'warning',
  });
  const entry = join(outdir, 'main.js');
  await writeFile(entry, launcher);
  await chmod(entry, 0o755);
  return { entry, metafile: result.metafile };
}
