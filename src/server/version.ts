import { readFileSync } from 'node:fs';

/** The gateway's version, from package.json (one directory up from both src/ and dist/). */
export const gatewayVersion: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;
