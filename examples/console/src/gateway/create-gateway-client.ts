import { Client, fetchExchange } from '@urql/core';
import { documentIdExchange } from './document-id-exchange';

/**
 * The urql client of the gateway at `url` (its full `/graphql` URL). No document cache: a console
 * shows what the vendors hold now, so every page reads again, and nothing stale survives a delete.
 */
export function createGatewayClient(url: string): Client {
  return new Client({
    url,
    exchanges: [documentIdExchange, fetchExchange],
    requestPolicy: 'network-only',
    // POST for every operation: one request shape to read in the network panel and in tests.
    preferGetMethod: false,
  });
}
