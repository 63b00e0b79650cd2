/** Where `npm start` serves the gateway on its sandbox. */
const defaultGatewayUrl = 'http://127.0.0.1:4000/graphql';

/**
 * The gateway's full `/graphql` URL, from `VITE_GATEWAY_URL` at build (or dev-server) time.
 * A value that is not an http(s) URL stops the app at start-up rather than at its first request.
 */
export function readGatewayUrl(configured: string | undefined): string {
  const url = configured === undefined || configured === '' ? defaultGatewayUrl : configured;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`VITE_GATEWAY_URL must be the gateway's full /graphql URL, not ${JSON.stringify(url)}.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`VITE_GATEWAY_URL must be an http(s) URL, not ${JSON.stringify(url)}.`);
  }
  return parsed.href;
}
