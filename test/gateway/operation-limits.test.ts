import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, type Reply, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const blandKey = 'sk-limits-bland-key';
const bolnaKey = 'bn-limits-bolna-key';
const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';

/** Bolna's success body for whatever id the request names. */
function bolnaDeletesAny(): Reply {
  return (request, response) => {
    const id = (request.url ?? '').split('/').pop() ?? '';
    json(200, { message: 'Disposition deleted successfully', id })(request, response);
  };
}

let bland: FakeVendor;
let bolna: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandSuccessBody));
  bolna = await startFakeVendor(bolnaDeletesAny());
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: blandKey },
    bolna: { baseUrl: bolna.url, apiKey: bolnaKey },
  });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
  await bolna.close();
});
beforeEach(() => {
  bland.requests.length = 0;
  bolna.requests.length = 0;
});

/** Every vendor request received so far, both vendors, sorted. */
function vendorCalls(): string[] {
  return [...bland.requests, ...bolna.requests].map(({ method, url }) => `${method} ${url}`).sort();
}

/** `count` aliased deletePersona fields `<prefix>0`, `<prefix>1`... deleting `persona-<prefix><n>`. */
function personaDeletes(count: number, prefix = 'p'): string {
  return Array.from(
    { length: count },
    (_, n) => `${prefix}${n}: deletePersona(id: "persona-${prefix}${n}") { __typename }`,
  ).join('\n');
}

/** `count` aliased deleteDisposition fields `<prefix>0`... deleting UUIDs numbered from 0. */
function dispositionDeletes(count: number, prefix = 'd'): string {
  return Array.from(
    { length: count },
    (_, n) => `${prefix}${n}: deleteDisposition(id: "${dispositionId(n)}") { __typename }`,
  ).join('\n');
}

function dispositionId(n: number): string {
  return `3fa85f64-5717-4562-b3fc-${String(n).padStart(12, '0')}`;
}

function tooManyDeletes(max: number, found: number) {
  return {
    errors: [
      {
        message: `An operation may hold at most ${max} mutation fields (aliases counted); this one holds ${found}.`,
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'TOO_MANY_MUTATION_FIELDS' },
      },
    ],
  };
}

function personaCalls(count: number, prefix = 'p'): string[] {
  return Array.from({ length: count }, (_, n) => `DELETE /v1/personas/persona-${prefix}${n}?force=false`);
}

describe('mutation fields per operation (MAX_DELETE_FIELDS, 10 by default)', () => {
  it('runs 10 aliased deletes: 10 vendor calls, one per id', async () => {
    const response = await gateway.graphql(`mutation {\n${personaDeletes(10)}\n}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: Object.fromEntries(
        Array.from({ length: 10 }, (_, n) => [`p${n}`, { __typename: 'DeletePersonaSuccess' }]),
      ),
    });
    expect(vendorCalls()).toEqual(personaCalls(10).sort());
  });

  it('rejects 11 aliased deletes with TOO_MANY_MUTATION_FIELDS and calls no vendor', async () => {
    const response = await gateway.graphql(`mutation {\n${personaDeletes(11)}\n}`);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(tooManyDeletes(10, 11));
    expect(vendorCalls()).toEqual([]);
  });

  it('counts deletes hidden in a fragment on Mutation', async () => {
    const response = await gateway.graphql(
      `mutation {\n${personaDeletes(8)}\n...Three\n}\nfragment Three on Mutation {\n${personaDeletes(3, 'f')}\n}`,
    );

    expect(response.status).toBe(400);
    expect(response.body).toEqual(tooManyDeletes(10, 11));
    expect(vendorCalls()).toEqual([]);
  });

  it('counts deletes hidden in inline fragments, with and without a type condition', async () => {
    const response = await gateway.graphql(
      `mutation {\n... on Mutation {\n${personaDeletes(6)}\n}\n... {\n... on Mutation {\n${personaDeletes(5, 'i')}\n}\n}\n}`,
    );

    expect(response.status).toBe(400);
    expect(response.body).toEqual(tooManyDeletes(10, 11));
    expect(vendorCalls()).toEqual([]);
  });

  it('counts a fragment spread twice once, since its fields share their response keys', async () => {
    // 6 + 6 would be over the limit of 10; the 6 response keys are not. (12 aliases stay under
    // graphql-armor's 15.)
    const response = await gateway.graphql(
      `mutation {\n...Six\n... on Mutation { ...Six }\n}\nfragment Six on Mutation {\n${personaDeletes(6)}\n}`,
    );

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: Object.fromEntries(
        Array.from({ length: 6 }, (_, n) => [`p${n}`, { __typename: 'DeletePersonaSuccess' }]),
      ),
    });
    expect(vendorCalls()).toEqual(personaCalls(6).sort());
  });

  it('counts deletePersona and deleteDisposition together: 6 + 5 is rejected with no call to either vendor', async () => {
    const response = await gateway.graphql(`mutation {\n${personaDeletes(6)}\n${dispositionDeletes(5)}\n}`);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(tooManyDeletes(10, 11));
    expect(vendorCalls()).toEqual([]);
  });

  it('counts every mutation field, not only deletes: 6 deletes and 5 detaches are rejected with no vendor call', async () => {
    const detaches = Array.from(
      { length: 5 },
      (_, n) =>
        `n${n}: detachPersonaNumbers(personaId: "persona-n${n}", phoneNumbers: ["+15551234567"]) { __typename }`,
    ).join('\n');

    const response = await gateway.graphql(`mutation {\n${personaDeletes(6)}\n${detaches}\n}`);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(tooManyDeletes(10, 11));
    expect(vendorCalls()).toEqual([]);
  });

  it('runs 5 deletePersona and 5 deleteDisposition in one operation, calling both vendors', async () => {
    const response = await gateway.graphql(`mutation {\n${personaDeletes(5)}\n${dispositionDeletes(5)}\n}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        ...Object.fromEntries(
          Array.from({ length: 5 }, (_, n) => [`p${n}`, { __typename: 'DeletePersonaSuccess' }]),
        ),
        ...Object.fromEntries(
          Array.from({ length: 5 }, (_, n) => [`d${n}`, { __typename: 'DeleteDispositionSuccess' }]),
        ),
      },
    });
    expect(vendorCalls()).toEqual(
      [
        ...personaCalls(5),
        ...Array.from({ length: 5 }, (_, n) => `DELETE /dispositions/${dispositionId(n)}`),
      ].sort(),
    );
  });

  describe('with maxDeleteFields: 2', () => {
    let strict: TestGateway;
    beforeAll(async () => {
      strict = await startTestGateway({
        bland: { baseUrl: bland.url, apiKey: blandKey },
        maxDeleteFields: 2,
      });
    });
    afterAll(async () => {
      await strict.close();
    });

    it('rejects 3 deletes with no vendor call', async () => {
      const response = await strict.graphql(`mutation {\n${personaDeletes(3)}\n}`);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(tooManyDeletes(2, 3));
      expect(vendorCalls()).toEqual([]);
    });

    it('runs 2 deletes', async () => {
      const response = await strict.graphql(`mutation {\n${personaDeletes(2)}\n}`);

      expect(response.body).toEqual({
        data: { p0: { __typename: 'DeletePersonaSuccess' }, p1: { __typename: 'DeletePersonaSuccess' } },
      });
      expect(vendorCalls()).toEqual(personaCalls(2).sort());
    });
  });
});

/** `... on Error { ... }` nested `levels` deep around `message`, inside one deletePersona. */
function nestedDelete(levels: number): string {
  const open = '... on Error { '.repeat(levels);
  return `mutation { deletePersona(id: "deep") { ${open}message${' }'.repeat(levels)} } }`;
}

/** One deletePersona selecting `message` under `count` aliases. */
function aliasedDelete(count: number): string {
  const aliases = Array.from({ length: count }, (_, n) => `m${n}: message`).join(' ');
  return `mutation { deletePersona(id: "aliased") { ... on Error { ${aliases} } } }`;
}

/** One deletePersona whose document has more than `tokens` lexical tokens. */
function longDelete(tokens: number): string {
  return `mutation { deletePersona(id: "long") { ... on Error { ${'message '.repeat(tokens)}} } }`;
}

// graphql-armor's defaults (node_modules/@escape.tech/graphql-armor-max-depth, -max-aliases,
// -max-tokens): depth 6, 15 aliases, 1000 tokens; the gateway passes none of its own.
const armorRejections = [
  {
    limit: 'depth',
    // deletePersona, 6 inline fragments, message: depth 8.
    query: nestedDelete(6),
    body: {
      errors: [
        {
          message: 'Syntax Error: Query depth limit of 6 exceeded, found 8.',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    },
  },
  {
    limit: 'alias',
    query: aliasedDelete(16),
    body: {
      errors: [
        {
          message: 'Syntax Error: Aliases limit of 15 exceeded, found 16.',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    },
  },
  {
    limit: 'token',
    query: longDelete(1000),
    body: {
      errors: [
        {
          message: 'Syntax Error: Token limit of 1000 exceeded.',
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ],
    },
  },
];

describe('graphql-armor limits', () => {
  it.each(armorRejections)(
    'rejects a delete over the default $limit limit and calls no vendor',
    async ({ query, body }) => {
      const response = await gateway.graphql(query, { headers: { accept: 'application/json' } });

      expect(response.body).toEqual(body);
      expect(vendorCalls()).toEqual([]);
    },
  );

  // GraphQL over HTTP, application/graphql-response+json: "If the GraphQL response does not
  // contain the {data} entry then the server MUST reply with a 4xx or 5xx status code."
  it.each(armorRejections)(
    'answers a delete over the default $limit limit with 400 when accepting application/graphql-response+json',
    async ({ query, body }) => {
      const response = await gateway.graphql(query);

      expect({ status: response.status, body: response.body }).toEqual({ status: 400, body });
      expect(vendorCalls()).toEqual([]);
    },
  );

  it.each([
    ['depth 6', nestedDelete(4), 'deep'],
    ['15 aliases', aliasedDelete(15), 'aliased'],
  ])('runs a delete at the default limit (%s)', async (_limit, query, id) => {
    const response = await gateway.graphql(query);

    expect(response.status).toBe(200);
    // A success selects no field of the Error branch.
    expect(response.body).toEqual({ data: { deletePersona: {} } });
    expect(vendorCalls()).toEqual([`DELETE /v1/personas/${id}?force=false`]);
  });
});

describe('request body limit (bodyLimitBytes)', () => {
  const limit = 2048;
  let small: TestGateway;
  beforeAll(async () => {
    small = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      bodyLimitBytes: limit,
    });
  });
  afterAll(async () => {
    await small.close();
  });

  const tooLarge = { errors: [{ message: `The request body is larger than ${limit} bytes.` }] };
  /** A valid delete, padded with an unused variable to `size` bytes of JSON. */
  function deleteBody(id: string, size: number): string {
    const bare = JSON.stringify({ query: `mutation { deletePersona(id: "${id}") { __typename } }` });
    const padding = size - bare.length - ',"variables":{"pad":""}'.length;
    const body = JSON.stringify({
      query: `mutation { deletePersona(id: "${id}") { __typename } }`,
      variables: { pad: 'x'.repeat(padding) },
    });
    expect(body).toHaveLength(size);
    return body;
  }

  /**
   * POSTs `body` with `transfer-encoding: chunked` (no Content-Length), in pieces a few
   * milliseconds apart, and stops writing once an answer arrives. A connection closed with no
   * answer resolves as status 0 with the error, so a test shows it rather than crashing.
   */
  function postChunked(body: string, pieceSize = 256): Promise<{ status: number; text: string }> {
    return new Promise((resolve) => {
      let answered = false;
      const req = request(
        `${small.url}/graphql`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json',
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          answered = true;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!answered) resolve({ status: 0, text: `no answer: ${error.code ?? error.message}` });
      });
      void (async () => {
        for (let at = 0; at < body.length && !answered && !req.destroyed; at += pieceSize) {
          req.write(body.slice(at, at + pieceSize));
          await sleep(5);
        }
        if (!req.destroyed) req.end();
      })();
    });
  }

  it('refuses with 413 a JSON POST larger than the limit that declares its Content-Length, and calls no vendor', async () => {
    const response = await fetch(`${small.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: deleteBody('too-large', limit + 1),
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(tooLarge);
    expect(vendorCalls()).toEqual([]);
  });

  it('runs a JSON POST of exactly the limit', async () => {
    const response = await fetch(`${small.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: deleteBody('at-limit', limit),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { deletePersona: { __typename: 'DeletePersonaSuccess' } },
    });
    expect(vendorCalls()).toEqual(['DELETE /v1/personas/at-limit?force=false']);
  });

  it('refuses with 413 a chunked JSON POST (no Content-Length) larger than the limit, and calls no vendor', async () => {
    const response = await postChunked(deleteBody('chunked-too-large', limit * 2));

    expect(response).toEqual({ status: 413, text: JSON.stringify(tooLarge) });
    expect(vendorCalls()).toEqual([]);
  });

  it('runs a chunked JSON POST under the limit', async () => {
    const response = await postChunked(deleteBody('chunked-small', limit - 100), 100);

    expect(response).toEqual({
      status: 200,
      text: JSON.stringify({ data: { deletePersona: { __typename: 'DeletePersonaSuccess' } } }),
    });
    expect(vendorCalls()).toEqual(['DELETE /v1/personas/chunked-small?force=false']);
  });
});

describe('batched requests', () => {
  it('refuses a JSON array of two operations with 400 and calls no vendor', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify([
        { query: 'mutation { deletePersona(id: "batch-1") { __typename } }' },
        {
          query: 'mutation { deleteDisposition(id: "3fa85f64-5717-4562-b3fc-2c963f66afa6") { __typename } }',
        },
      ]),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Batching is not supported.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(vendorCalls()).toEqual([]);
  });
});
