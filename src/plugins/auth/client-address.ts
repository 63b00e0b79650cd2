/** What Node's server adapter puts in Yoga's server context: the socket the request came on. */
interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string | undefined } };
}

/**
 * The client's address: the socket's peer, or, behind `trustedProxyHops` proxies that each append
 * the address they saw to `X-Forwarded-For`, the entry that many hops from the right. Entries
 * further left were written by the client and prove nothing; a chain shorter than the hops
 * trusted yields its leftmost entry. `unknown` when there is no socket (a request made in-process).
 */
export function findClientAddress(
  request: Request,
  serverContext: unknown,
  trustedProxyHops: number,
): string {
  const peer = (serverContext as NodeServerContext | undefined)?.req?.socket?.remoteAddress ?? 'unknown';
  if (trustedProxyHops === 0) return peer;
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // Nearest first: the peer (the last proxy), then what each proxy says it saw.
  const hops = [peer, ...forwarded.reverse()];
  return hops[Math.min(trustedProxyHops, hops.length - 1)] as string;
}
