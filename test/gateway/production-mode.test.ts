import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { schema } from '../../src/schema/index.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** What NODE_ENV=production gives, and what INTROSPECTION=true / GRAPHIQL=true turn back on. */
function productionSettings(env: Record<string, string> = {}) {
  const { introspection, graphiql } = loadConfig({ NODE_ENV: 'production', ...env });
  return { introspection, graphiql };
}

const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function validationError(message: string, line: number, column: number) {
  return { message, locations: [{ line, column }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
}

/** Queries with a typo that graphql-js answers with a "Did you mean" suggestion. */
const typos = [
  {
    typo: 'a field name',
    query: '{ gateway { mod } }',
    suggested: (hint: string) =>
      validationError(`Cannot query field "mod" on type "GatewayInfo".${hint && ` ${hint}`}`, 1, 13),
    suggestion: 'Did you mean "mode"?',
  },
  {
    typo: 'an argument name',
    query: 'mutation { deletePersona(id: "p1", forse: true) { __typename } }',
    suggested: (hint: string) =>
      validationError(
        `Unknown argument "forse" on field "Mutation.deletePersona".${hint && ` ${hint}`}`,
        1,
        36,
      ),
    suggestion: 'Did you mean "force"?',
  },
  {
    typo: 'a type name',
    query: 'mutation { deletePersona(id: "p1") { ... on DeletePersonaSucess { personaId } } }',
    suggested: (hint: string) =>
      validationError(`Unknown type "DeletePersonaSucess".${hint && ` ${hint}`}`, 1, 45),
    suggestion:
      'Did you mean "DeletePersonaSuccess", "CreatePersonaSuccess", "UpdatePersonaSuccess", or "DeletePersonaPayload"?',
  },
];

describe('production defaults: introspection and GraphiQL off', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    expect(productionSettings()).toEqual({ introspection: false, graphiql: false });
    gateway = await startTestGateway(productionSettings());
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('rejects { __schema { types { name } } } with a validation error', async () => {
    const response = await gateway.graphql('{ __schema { types { name } } }');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        validationError(
          'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
          1,
          3,
        ),
        validationError(
          'GraphQL introspection has been disabled, but the requested query contained the field "types".',
          1,
          14,
        ),
      ],
    });
  });

  it('rejects { __type(name: "Query") { name } } with a validation error', async () => {
    const response = await gateway.graphql('{ __type(name: "Query") { name } }');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        validationError(
          'GraphQL introspection has been disabled, but the requested query contained the field "__type".',
          1,
          3,
        ),
      ],
    });
  });

  it('rejects introspection sent over GET too', async () => {
    const response = await fetch(
      `${gateway.url}/graphql?query=${encodeURIComponent('{ __type(name: "Mutation") { fields { name } } }')}`,
      { headers: { accept: 'application/graphql-response+json' } },
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        validationError(
          'GraphQL introspection has been disabled, but the requested query contained the field "__type".',
          1,
          3,
        ),
        validationError(
          'GraphQL introspection has been disabled, but the requested query contained the field "fields".',
          1,
          30,
        ),
      ],
    });
  });

  it('still answers __typename, which every client selects on the payload unions', async () => {
    const response = await gateway.graphql('{ __typename gateway { __typename mode } }');

    expect(response.body).toEqual({
      data: { __typename: 'Query', gateway: { __typename: 'GatewayInfo', mode: 'LIVE' } },
    });
  });

  it('does not serve the GraphiQL page to GET /graphql accepting only text/html: 406', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });

    expect({
      status: response.status,
      contentType: response.headers.get('content-type'),
      text: await response.text(),
    }).toEqual({ status: 406, contentType: null, text: '' });
  });

  it('does not serve the GraphiQL page to a browser GET /graphql: it gets the JSON error for a missing query', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: browserAccept } });

    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      errors: [{ message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it.each(typos)(
    'hides the field suggestion in the error for a typo in $typo',
    async ({ query, suggested }) => {
      const response = await gateway.graphql(query);

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [suggested('[Suggestion hidden]')] });
      expect(response.text).not.toContain('Did you mean');
    },
  );
});

describe('production with INTROSPECTION=true and GRAPHIQL=true', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    const settings = productionSettings({ INTROSPECTION: 'true', GRAPHIQL: 'true' });
    expect(settings).toEqual({ introspection: true, graphiql: true });
    gateway = await startTestGateway(settings);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('answers { __schema { types { name } } } with every type of the schema', async () => {
    const response = await gateway.graphql('{ __schema { types { name } } }');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { __schema: { types: Object.keys(schema.getTypeMap()).map((name) => ({ name })) } },
    });
  });

  it('answers { __type(name: "Query") { name } }', async () => {
    const response = await gateway.graphql('{ __type(name: "Query") { name } }');

    expect(response.body).toEqual({ data: { __type: { name: 'Query' } } });
  });

  it('serves the GraphiQL page', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: browserAccept } });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(text).toContain('<title>Voice AI gateway</title>');
  });

  it.each(typos)(
    'keeps the field suggestion in the error for a typo in $typo',
    async ({ query, suggested, suggestion }) => {
      const response = await gateway.graphql(query);

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [suggested(suggestion)] });
    },
  );
});
