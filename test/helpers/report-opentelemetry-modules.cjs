// Preloaded with NODE_OPTIONS=--require by a test: at exit, writes to stderr each OpenTelemetry
// package the process loaded (CommonJS modules, as every @opentelemetry package is, imported or
// required, are all in require.cache).
process.on('exit', () => {
  const packages = new Set();
  for (const path of Object.keys(require.cache)) {
    const match = /node_modules[\\/](@opentelemetry[\\/][^\\/]+)/.exec(path);
    if (match) packages.add(match[1].replace('\\', '/'));
  }
  process.stderr.write(`opentelemetry modules loaded: ${JSON.stringify([...packages].sort())}\n`);
});
