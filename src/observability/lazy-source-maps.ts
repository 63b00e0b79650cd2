import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Makes every stack trace name src/*.ts lines, reading a bundle file's source map the first time
 * a trace passes through that file. Node's own source maps (--enable-source-maps,
 * process.setSourceMapsEnabled) parse each map as its file loads: for dist/'s megabyte of
 * mappings, about a tenth of a second of every start, for traces most runs never print. Only
 * files inside `directory` are mapped, each through the `.map` beside it; a file without one
 * keeps its own positions. dist/main.js calls this before it loads the gateway.
 */
export function mapStackTracesLazily(directory: URL): void {
  const root = fileURLToPath(directory);
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string): SourceMap | null => {
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
function readSourceMap(file: string): SourceMap | null {
  const mapFile = `${file}.map`;
  try {
    const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] };
    const base = pathToFileURL(mapFile);
    payload.sources = payload.sources.map((source) => {
      const url = new URL(source, base);
      return url.protocol === 'file:' ? fileURLToPath(url) : source;
    });
    return new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]);
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
function formatCallSite(site: NodeJS.CallSite, mapOf: (file: string) => SourceMap | null): string {
  if (site.isPromiseAll()) return `Promise.all (index ${site.getPromiseIndex()})`;
  const location = locationOf(site, mapOf);
  const name = nameOf(site);
  const prefix = site.isAsync() ? 'async ' : '';
  return name === null ? `${prefix}${location}` : `${prefix}${name} (${location})`;
}

function locationOf(site: NodeJS.CallSite, mapOf: (file: string) => SourceMap | null): string {
  if (site.isNative()) return 'native';
  const url = site.getScriptNameOrSourceURL() ?? site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!url) return site.isEval() ? (site.getEvalOrigin() ?? '<anonymous>') : '<anonymous>';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (line !== null && column !== null) {
    const entry = mapOf(file)?.findEntry(line - 1, column - 1);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    }
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
