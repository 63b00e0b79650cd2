import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** A delete the fake Bland would accept: if any refused request ran, the vendor would see it. */
const inlineDelete = 'mutation { deletePersona(id: "cross-site", force: true) { __typename } }';
const jsonDelete = JSON.stringify({
  query: deletePersonaMutation,
  variables: { id: 'cross-site', force: true },
});

const refusedPost = {
  errors: [{ message: 'GraphQL over POST needs the content type application/json.' }],
};

let bland: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor(
    json(200, { data: { success: true, message: 'Persona deleted successfully' }, errors: null }),
  );
  gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: 'sk-test' } });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});
beforeEach(() => {
  bland.requests.length = 0;
});

function vendorCalls(): string[] {
  return bland.requests.map((request) => `${request.method} ${request.url}`);
}

async function send(path: string, init?: RequestInit) {
  const response = await fetch(`${gateway.url}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('POST /graphql', () => {
  it.each(['application/json', 'application/json; charset=utf-8'])(
    'runs a mutation from a POST with content type %s',
    async (contentType) => {
      const response = await send('/graphql', {
        method: 'POST',
        headers: { 'content-type': contentType, accept: 'application/graphql-response+json' },
        body: jsonDelete,
      });

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: 'cross-site',
            message: 'Persona deleted successfully',
          },
        },
      });
      expect(vendorCalls()).toEqual(['DELETE /v1/personas/cross-site?force=true']);
    },
  );

  it.each<[string, () => RequestInit]>([
    [
      'form-encoded',
      () => ({
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: inlineDelete }).toString(),
      }),
    ],
    [
      'multipart/form-data',
      () => {
        // The GraphQL multipart request shape; fetch sets `multipart/form-data; boundary=...`.
        const form = new FormData();
        form.set('operations', JSON.stringify({ query: inlineDelete }));
        form.set('map', '{}');
        return { body: form };
      },
    ],
    [
      'application/graphql',
      () => ({ headers: { 'content-type': 'application/graphql' }, body: inlineDelete }),
    ],
    ['text/plain with a JSON body', () => ({ headers: { 'content-type': 'text/plain' }, body: jsonDelete })],
    // A byte body makes fetch send no content-type header at all.
    ['no content type', () => ({ body: new TextEncoder().encode(jsonDelete) })],
  ])('refuses a %s POST with 415 and calls no vendor', async (_kind, init) => {
    const response = await send('/graphql', { method: 'POST', ...init() });

    expect(response.status).toBe(415);
    expect(JSON.parse(response.text)).toEqual(refusedPost);
    expect(vendorCalls()).toEqual([]);
  });
});

describe('GET /graphql', () => {
  it('runs a query with no extra headers', async () => {
    const response = await send(`/graphql?query=${encodeURIComponent('{ gateway { mode } }')}`);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ data: { gateway: { mode: 'LIVE' } } });
  });

  it('refuses a mutation with 405 and calls no vendor', async () => {
    const response = await send(`/graphql?query=${encodeURIComponent(inlineDelete)}`);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(JSON.parse(response.text)).toEqual({
      errors: [
        {
          message: 'Can only perform a mutation operation from a POST request.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    expect(vendorCalls()).toEqual([]);
  });
});

describe('health and readiness', () => {
  it('answers GET /health with 200', async () => {
    const response = await send('/health');

    expect(response.status).toBe(200);
  });

  it('answers GET /ready with 200 and a ready body', async () => {
    const response = await send('/ready');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(response.text)).toEqual({
      status: 'ready',
      vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
      store: 'memory',
    });
  });
});

/** Every `src` of a `<script>` and `href` of a `<link>` tag in the page. */
function resourceUrls(html: string): { scripts: number; urls: string[] } {
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
  const links = [...html.matchAll(/<link\b[^>]*>/gi)].map((match) => match[0]);
  const attribute = (tag: string, name: string) =>
    tag
      .match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))
      ?.slice(1)
      .find(Boolean);
  const urls = [
    ...scripts.map((tag) => attribute(tag, 'src')),
    ...links.map((tag) => attribute(tag, 'href')),
  ].filter((url): url is string => url !== undefined);
  return { scripts: scripts.length, urls };
}

describe('GraphiQL', () => {
  it('serves a page that loads no script or stylesheet from the network', async () => {
    const response = await send('/graphql', { headers: { accept: 'text/html' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain('<title>Voice AI gateway</title>');
    const { scripts, urls } = resourceUrls(response.text);
    expect(scripts).toBeGreaterThan(0);
    expect(urls.filter((url) => /^(https?:)?\/\//i.test(url))).toEqual([]);
  });

  it('is not served when graphiql is off', async () => {
    const withoutGraphiql = await startTestGateway({ graphiql: false });
    try {
      for (const accept of ['text/html', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']) {
        const response = await fetch(`${withoutGraphiql.url}/graphql`, { headers: { accept } });
        const text = await response.text();

        expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
        expect(text).not.toMatch(/<html|graphiql/i);
      }
    } finally {
      await withoutGraphiql.close();
    }
  });
});

describe('GraphQL-level bad input', () => {
  const cases = [
    {
      problem: 'a missing required id',
      query: 'mutation { deletePersona { __typename } }',
      error: {
        message: 'Field "deletePersona" argument "id" of type "ID!" is required, but it was not provided.',
        locations: [{ line: 1, column: 12 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    },
    {
      problem: 'an argument of the wrong type',
      query: 'mutation { deletePersona(id: "abc", force: "yes") { __typename } }',
      error: {
        message: 'Boolean cannot represent a non boolean value: "yes"',
        locations: [{ line: 1, column: 44 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    },
    {
      problem: 'an unknown field',
      query: 'mutation { nope }',
      error: {
        message: 'Cannot query field "nope" on type "Mutation".',
        locations: [{ line: 1, column: 12 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    },
    {
      problem: 'a syntax error',
      query: 'mutation { deletePersona(id: "abc" { __typename } }',
      error: {
        message: 'Syntax Error: Expected Name, found "{".',
        locations: [{ line: 1, column: 36 }],
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      },
    },
  ];
  const accepts = [
    { accept: 'application/graphql-response+json', status: 400 },
    { accept: 'application/json', status: 200 },
  ];

  for (const { problem, query, error } of cases) {
    for (const { accept, status } of accepts) {
      it(`answers ${problem} with ${status} and the standard error when accepting ${accept}`, async () => {
        const response = await send('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify({ query }),
        });

        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
        expect(JSON.parse(response.text)).toEqual({ errors: [error] });
        expect(vendorCalls()).toEqual([]);
      });
    }
  }
});

// Masking of unexpected errors is not tested here: nothing reachable over HTTP throws one, and
// another test covers it.
