import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { blandData, blandError, blandPersonaWire, errorFields } from '../helpers/vendor-bodies.js';

const serverKey = 'sk-list-personas-key';
const total = 250;
const ids = Array.from({ length: total }, (_, n) => `persona-${String(n).padStart(3, '0')}`);

/** Bland's list over `ids`: `page` is 1-based, `limit` at most 100; personas in `deleted` carry deleted_at. */
function blandList(deleted: ReadonlySet<string> = new Set()) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://bland');
    const page = Number(url.searchParams.get('page'));
    const limit = Number(url.searchParams.get('limit'));
    if (url.pathname !== '/v1/personas' || !(page >= 1) || !(limit >= 1 && limit <= 100)) {
      json(400, blandError('INVALID_PARAMETER', 'bad page or limit'))(request, response);
      return;
    }
    const slice = ids
      .slice((page - 1) * limit, page * limit)
      .map((id) => blandPersonaWire(id, deleted.has(id) ? { deleted_at: '2025-10-01T00:00:00Z' } : {}));
    json(200, blandData(slice))(request, response);
  };
}

const cursor = (offset: number) => Buffer.from(`v1:${offset}`).toString('base64url');

const pageQuery = `query Page($first: Int!, $after: String) {
  personas(first: $first, after: $after) {
    __typename
    ... on PersonaConnection {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
    ${errorFields}
  }
}`;

interface Page {
  __typename: string;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

let bland: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor(blandList());
  gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: serverKey } });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
  bland.setReply(blandList());
});

async function page(first: number, after?: string | null): Promise<Page> {
  const response = await gateway.graphql(pageQuery, { variables: { first, after } });
  expect(response.status).toBe(200);
  return response.body.data?.personas as Page;
}

const listCalls = () => bland.requests.map(({ url }) => url);

describe('personas: paging over Bland page/limit', () => {
  it.each([1, 7, 20, 33, 99, 100])(
    'walks all 250 personas with first: %i, getting each exactly once and in order',
    async (first) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < total + 2; pages += 1) {
        const current = await page(first, after);
        expect(current.__typename).toBe('PersonaConnection');
        seen.push(...current.edges.map(({ node }) => node.id));
        expect(current.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
      }
      expect(seen).toEqual(ids);
    },
  );

  it('answers the first page with cursors of the 0-based offsets, reading one Bland page', async () => {
    expect(await page(3)).toEqual({
      __typename: 'PersonaConnection',
      edges: [0, 1, 2].map((n) => ({ cursor: cursor(n), node: { id: ids[n] } })),
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: cursor(0), endCursor: cursor(2) },
    });
    expect(listCalls()).toEqual(['/v1/personas?page=1&limit=3']);
  });

  it('reads both Bland pages for a window that straddles two', async () => {
    const window = await page(10, cursor(14));

    expect(window.edges.map(({ node }) => node.id)).toEqual(ids.slice(15, 25));
    expect(window.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: cursor(15),
      endCursor: cursor(24),
    });
    expect(listCalls()).toEqual(['/v1/personas?page=2&limit=10', '/v1/personas?page=3&limit=10']);
  });

  it('reads one page when the first is short: the end of the list', async () => {
    const window = await page(100, cursor(199));

    expect(window.edges).toHaveLength(50);
    expect(window.pageInfo.hasNextPage).toBe(false);
    expect(listCalls()).toEqual(['/v1/personas?page=3&limit=100']);
  });

  it('answers an empty page past the end, with null cursors', async () => {
    expect(await page(5, cursor(249))).toEqual({
      __typename: 'PersonaConnection',
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });

  it('leaves out a persona whose deleted_at is set, still counting it and moving endCursor past it', async () => {
    bland.setReply(blandList(new Set([ids[3], ids[4]] as string[])));

    const window = await page(5);

    expect(window).toEqual({
      __typename: 'PersonaConnection',
      edges: [0, 1, 2].map((n) => ({ cursor: cursor(n), node: { id: ids[n] } })),
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: cursor(0), endCursor: cursor(4) },
    });
  });

  it('never stalls on a window of deleted personas', async () => {
    bland.setReply(blandList(new Set(ids.slice(0, 5))));

    const window = await page(5);

    expect(window.edges).toEqual([]);
    expect(window.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: cursor(0),
      endCursor: cursor(4),
    });
    expect((await page(5, window.pageInfo.endCursor)).edges.map(({ node }) => node.id)).toEqual(
      ids.slice(5, 10),
    );
  });
});

describe('personas: refused before any call', () => {
  it.each([0, 101, -1])('answers InvalidInputError on first for first: %i', async (first) => {
    expect(await page(first)).toEqual({
      __typename: 'InvalidInputError',
      message: `first must be from 1 to 100 (got ${first}).`,
      vendor: 'BLAND',
      vendorCode: null,
      retryable: false,
      field: 'first',
    });
    expect(bland.requests).toEqual([]);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['another shape', Buffer.from('v2:3').toString('base64url')],
    ['a negative offset', Buffer.from('v1:-1').toString('base64url')],
    ['a leading zero', Buffer.from('v1:03').toString('base64url')],
    ['padding', `${Buffer.from('v1:1').toString('base64url')}=`],
  ])('answers InvalidInputError on after for %s', async (_name, after) => {
    expect(await page(5, after)).toEqual({
      __typename: 'InvalidInputError',
      message: 'after is not a cursor this gateway gave out.',
      vendor: 'BLAND',
      vendorCode: null,
      retryable: false,
      field: 'after',
    });
    expect(bland.requests).toEqual([]);
  });

  it('defaults first to 20', async () => {
    const response = await gateway.graphql(
      'query { personas { ... on PersonaConnection { edges { cursor } } } }',
    );

    expect((response.body.data as { personas: Page }).personas.edges).toHaveLength(20);
    expect(listCalls()).toEqual(['/v1/personas?page=1&limit=20']);
  });
});

describe('personas: vendor failures', () => {
  it('answers UnauthenticatedError when Bland rejects the key', async () => {
    bland.setReply(json(401, blandError('AUTH_FAILURE', 'Unauthorized')));

    expect(await page(5)).toEqual({
      __typename: 'UnauthenticatedError',
      message: 'Unauthorized',
      vendor: 'BLAND',
      vendorCode: 'AUTH_FAILURE',
      retryable: false,
    });
  });

  it('answers RateLimitedError for a 429 whose Retry-After is past the cap', async () => {
    bland.setReply(json(429, blandError('RATE_LIMITED', 'Too many requests'), { 'retry-after': '30' }));

    expect(await page(5)).toEqual({
      __typename: 'RateLimitedError',
      message: 'Too many requests',
      vendor: 'BLAND',
      vendorCode: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 30,
    });
  });

  it('answers UpstreamError BAD_RESPONSE when data is not a list', async () => {
    bland.setReply(json(200, blandData({ personas: [] })));

    expect(await page(5)).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 200 with a body that is neither its success nor its error shape.',
      vendor: 'BLAND',
      vendorCode: '200',
      retryable: false,
      reason: 'BAD_RESPONSE',
      status: 200,
    });
  });

  it('answers UpstreamError VENDOR_ERROR for a 404 (a list has no not-found member)', async () => {
    bland.setReply(json(404, blandError('NOT_FOUND', 'Route not found')));

    expect(await page(5)).toEqual({
      __typename: 'UpstreamError',
      message: 'Bland answered HTTP 404 with error NOT_FOUND: Route not found',
      vendor: 'BLAND',
      vendorCode: 'NOT_FOUND',
      retryable: false,
      reason: 'VENDOR_ERROR',
      status: 404,
    });
  });

  it('answers the failure of the second read of a straddling window', async () => {
    let calls = 0;
    bland.setReply((request, response) => {
      calls += 1;
      if (calls === 1) blandList()(request, response);
      else json(403, blandError('FORBIDDEN', 'No more for you'))(request, response);
    });

    expect(await page(10, cursor(14))).toEqual({
      __typename: 'ForbiddenError',
      message: 'No more for you',
      vendor: 'BLAND',
      vendorCode: 'FORBIDDEN',
      retryable: false,
    });
    expect(listCalls()).toHaveLength(2);
  });
});
