import { readFileSync } from 'node:fs';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GatewayError, PersonaNotFoundError } from '../../src/domain/errors.js';
import { printSortedSchema, schema } from '../../src/schema/index.js';
import type { GatewayContext } from '../../src/server/context.js';

describe('schema.graphql', () => {
  it('is the sorted SDL printed from the code (run `npm run schema:print` after a schema change)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(printSortedSchema()).toBe(committed);
  });
});

/**
 * A schema-only server whose persona delete answers `error`: a union member comes back as the
 * call's outcome, anything else is thrown, to see what clients get.
 */
function serveFailingLoader(error: Error) {
  const send = async () => {
    if (error instanceof GatewayError) return { outcome: error, ambiguous: false };
    throw error;
  };
  const context = { loaders: { deletePersona: () => ({ send }) } } as unknown as GatewayContext;
  return createYoga({ schema, context, logging: false, maskedErrors: { isDev: false } });
}

const mutation = JSON.stringify({
  query: `mutation { deletePersona(id: "p1") { __typename ... on Error { message } ... on PersonaNotFoundError { personaId } } }`,
});

async function post(yoga: ReturnType<typeof serveFailingLoader>) {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: mutation,
  });
  return response.json();
}

describe('errors as data', () => {
  it('turns a union member error into data', async () => {
    const body = await post(serveFailingLoader(new PersonaNotFoundError('Persona not found', '404', 'p1')));
    expect(body).toEqual({
      data: {
        deletePersona: { __typename: 'PersonaNotFoundError', message: 'Persona not found', personaId: 'p1' },
      },
    });
  });

  it('keeps any other exception a masked GraphQL error, never a union member', async () => {
    const body = await post(serveFailingLoader(new Error('internal detail: pool exploded')));
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message: 'Unexpected error.',
          locations: [{ line: 1, column: 12 }],
          path: ['deletePersona'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
  });
});
