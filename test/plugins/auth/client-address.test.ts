import { describe, expect, it } from 'vitest';
import { findClientAddress } from '../../../src/plugins/auth/client-address.js';

const peer = '10.0.0.9';
const serverContext = { req: { socket: { remoteAddress: peer } } };

describe('findClientAddress', () => {
  it.each([
    [0, null, peer],
    [0, '203.0.113.7', peer],
    [1, null, peer],
    [1, '203.0.113.7', '203.0.113.7'],
    [1, '198.51.100.1, 203.0.113.7', '203.0.113.7'],
    [2, '198.51.100.1, 203.0.113.7', '198.51.100.1'],
    [2, '198.51.100.1,203.0.113.7, 10.0.0.1', '203.0.113.7'],
    [3, '203.0.113.7', '203.0.113.7'],
    [1, ' , 203.0.113.7 ,', '203.0.113.7'],
  ])('with %i trusted hops and X-Forwarded-For %j, is %s', (hops, forwarded, expected) => {
    const request = new Request('http://gateway/graphql', {
      headers: forwarded === null ? {} : { 'x-forwarded-for': forwarded },
    });

    expect(findClientAddress(request, serverContext, hops)).toBe(expected);
  });

  it('reads every X-Forwarded-For header, in order', () => {
    const headers = new Headers();
    headers.append('x-forwarded-for', '198.51.100.1');
    headers.append('x-forwarded-for', '203.0.113.7');

    expect(findClientAddress(new Request('http://gateway/graphql', { headers }), serverContext, 2)).toBe(
      '198.51.100.1',
    );
  });

  it('is unknown without a socket (a request made in-process)', () => {
    expect(findClientAddress(new Request('http://gateway/graphql'), {}, 0)).toBe('unknown');
  });
});
