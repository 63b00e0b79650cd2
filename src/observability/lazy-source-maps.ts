import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CompactSourceMap } from './compact-source-map.js';

/**
 * Makes every stack trace name src/*.ts lines, reading a bundle file's source map the first time
 * a trace passes through that file. Node's own source maps (--enable-source-maps,
 * process.setSourceMapsEnabled) parse each map as its file loads: for dist/'s megabyte of
 * mappings, about a tenth of a second of every start, for traces most runs never print. Only
 * files inside `directory` are mapped, each through the `.map` beside it; a file without one
 * keeps its own positions. A map, once read, is kept as a CompactSourceMap: Node formats the stack
 * of every socket destroyed with an error (node:internal/streams/destroy reads `error.stack`), so
 * a running gateway reads its map early, and keeps it. dist/main.js calls this before it loads
 * the gateway.
 */
export function mapStackTracesLazily(directory: URL): void {
  const root = fileURLToPath(directory);
  const maps = new Map<string, CompactSourceMap | null>();
  const mapOf = (file: string): CompactSourceMap | null => {
    let map = maps.get(file);
    if (map === undefined) {
      map = file.startsWith(root) ? readSourceMap(file) : null;
      maps.set(file, map);
    }
    return map;
  };
  Error.prepareStackTrace = (error, callSites) =>
    [headerOf(error), ...callSites.map((site) => `    at ${formatCallSite(site, mapOf)}`)].join('\n');
}

/** The map beside a bundle file, with its sources resolved against the map's own location. */
function readSourceMap(file: string): CompactSourceMap | null {
  const mapFile = `${file}.map`;
  try {
    const { mappings, sources } = JSON.parse(readFileSync(mapFile, 'utf8')) as {
      mappings: string;
      sources: string[];
    };
    const base = pathToFileURL(mapFile);
    const resolved = sources.map((source) => {
      const url = new URL(source, base);
      return url.protocol === 'file:' ? fileURLToPath(url) : source;
    });
    return new CompactSourceMap(mappings, resolved);
  } catch {
    return null;
  }
}

/** The first line V8 would print: `Name: message`, or what the thrown value says of itself. */
function headerOf(error: unknown): string {
  try {
    return error instanceof Error ? Error.prototype.toString.call(error) : String(error);
  } catch {
    return '<error>';
  }
}

/** One frame as V8 prints it (`async name (file:line:column)`), at its source position where known. */
function formatCallSite(site: NodeJS.CallSite, mapOf: (file: string) => CompactSourceMap | null): string {
  if (site.isPromiseAll()) return `Promise.all (index ${site.getPromiseIndex()})`;
  const location = locationOf(site, mapOf);
  const name = nameOf(site);
  const prefix = site.isAsync() ? 'async ' : '';
  return name === null ? `${prefix}${location}` : `${prefix}${name} (${location})`;
}

function locationOf(site: NodeJS.CallSite, mapOf: (file: string) => CompactSourceMap | null): string {
  if (site.isNative()) return 'native';
  const url = site.getScriptNameOrSourceURL() ?? site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!url) return site.isEval() ? (site.getEvalOrigin() ?? '<anonymous>') : '<anonymous>';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (line !== null && column !== null) {
    const original = mapOf(file)?.find(line - 1, column - 1);
    if (original) return `${original.source}:${original.line + 1}:${original.column + 1}`;
  }
  return [url, line, column].filter((part) => part !== null).join(':');
}

function nameOf(site: NodeJS.CallSite): string | null {
  const functionName = site.getFunctionName();
  if (site.isConstructor()) return `new ${functionName ?? '<anonymous>'}`;
  const typeName = site.isToplevel() ? null : site.getTypeName();
  const methodName = site.getMethodName();
  if (typeName === null) return functionName;
  const name = functionName ?? methodName ?? '<anonymous>';
  const qualified = name.startsWith(`${typeName}.`) ? name : `${typeName}.${name}`;
  return methodName && functionName && methodName !== functionName && !functionName.endsWith(`.${methodName}`)
    ? `${qualified} [as ${methodName}]`
    : qualified;
}
