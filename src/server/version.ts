import { readFileSync } from 'node:fs';

/** Written into the bundle by the build (scripts/bundle.ts); undeclared when src/ runs as it is. */
declare const BUNDLED_GATEWAY_VERSION: string | undefined;

/** The gateway's version: package.json's, written in by the build, or read from it (one directory up from src/). */
export const gatewayVersion: string =
  typeof BUNDLED_GATEWAY_VERSION === 'string'
    ? BUNDLED_GATEWAY_VERSION
    : JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
