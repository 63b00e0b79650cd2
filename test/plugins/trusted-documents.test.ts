import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIdParam, useTrustedDocuments } from '../../src/plugins/limits/trusted-documents.js';

const greeting = 'query Greeting($name: String!) { hello(name: $name) }';
const greetingId = createHash('sha256').update(greeting).digest('hex');

const schema = createSchema({
  typeDefs: 'type Query { hello(name: String!): String! }',
  resolvers: { Query: { hello: (_: unknown, { name }: { name: string }) => `hello ${name}` } },
});

/** Records `params` as every later step sees it: Yoga's context holds the final params. */
function captureParams(seen: unknown[]): Plugin {
  return {
    onExecute({ args }) {
      const { query, operationName, variables } = args.contextValue.params;
      seen.push({ query, operationName, variables });
    },
  };
}

let server: Server;
let url: string;
const seen: unknown[] = [];

beforeAll(async () => {
  const yoga = createYoga({
    schema,
    logging: false,
    extraParamNames: [documentIdParam],
    plugins: [useTrustedDocuments(new Map([[greetingId, greeting]]), true), captureParams(seen)],
  });
  server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('useTrustedDocuments', () => {
  it("puts the document's text where Yoga's params.query is, with the request's variables", async () => {
    seen.length = 0;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: `sha256:${greetingId}`, variables: { name: 'trusted' } }),
    });

    expect(await response.json()).toEqual({ data: { hello: 'hello trusted' } });
    expect(seen).toEqual([{ query: greeting, operationName: undefined, variables: { name: 'trusted' } }]);
  });

  it('does the same for an id sent over GET', async () => {
    seen.length = 0;
    const variables = encodeURIComponent(JSON.stringify({ name: 'get' }));
    const response = await fetch(
      `${url}?documentId=${greetingId}&operationName=Greeting&variables=${variables}`,
    );

    expect(await response.json()).toEqual({ data: { hello: 'hello get' } });
    expect(seen).toEqual([{ query: greeting, operationName: 'Greeting', variables: { name: 'get' } }]);
  });
});
