# The gateway needs Node 20.19+; node:20-slim tracks the latest 20.x. Pin a digest
# (node:20-slim@sha256:...) for reproducible production builds.

# Build: type-check src/ and bundle it into dist/ (scripts/bundle.ts, esbuild) with the full,
# locked dev toolchain.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.ts scripts/bundle.ts ./scripts/
COPY src ./src
RUN npm run build

# Runtime: production dependencies and the bundle only, owned by root, run as `node`. The bundle
# holds what the gateway loads; node_modules serves what it loads by name at run time
# (pino-pretty, on a terminal).
FROM node:20-slim AS runtime
WORKDIR /app
# The package has no install scripts of its own; --ignore-scripts keeps dependencies' out too.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# The build writes package.json's version into the bundle; dist/main.js turns source maps on,
# so stack traces name src/*.ts lines.
COPY --from=build /app/dist ./dist

# HOST=0.0.0.0 makes the gateway reachable from outside the container. With a server-held
# vendor key (BLAND_API_KEY, BOLNA_API_KEY) on a non-loopback HOST the gateway refuses to start
# unless GATEWAY_TOKENS is set too: pass both, e.g. `docker run -e BLAND_API_KEY -e GATEWAY_TOKENS`.
# NODE_ENV=production never assumes the sandbox: without vendor variables the gateway runs live
# and each request brings its own vendor key.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
EXPOSE 4000
USER node

# Slim images have no curl: Node's own fetch asks /health (liveness: 200 while the process runs).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM drains (/ready answers 503 for DRAIN_DELAY_MS) and stops within SHUTDOWN_TIMEOUT_MS.
# node is PID 1 and handles it itself: no npm in between to swallow the signal.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
