import { Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { graphiqlTabs } from '../../src/server/graphiql-tabs.js';
import { useSandboxGateway } from '../helpers/sandbox-gateway.js';

/** Every operation of every tab, by name, in tab order. */
const operations = graphiqlTabs.flatMap(({ query }) =>
  parse(query).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name
      ? [{ name: definition.name.value, query }]
      : [],
  ),
);

describe('GraphiQL tabs', () => {
  it('are valid against the schema', () => {
    for (const { query } of graphiqlTabs) expect(validate(schema, parse(query))).toEqual([]);
  });

  it('name every operation, and each tab opens on a distinct first operation', () => {
    const names = operations.map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
    // GraphiQL titles a tab by its first operation.
    expect(
      graphiqlTabs.map(({ query }) => operations.find((operation) => operation.query === query)?.name),
    ).toEqual([
      'DeletePersona',
      'DeleteDisposition',
      'Personas',
      'ResolvePersonaInUse',
      'Dispositions',
      'CreatePersona',
      'CreateDisposition',
      'GatewayInfo',
    ]);
  });

  describe('run on a fresh sandbox with their default variables', () => {
    const { gateway } = useSandboxGateway();

    const run = async (name: string) => {
      const operation = operations.find((candidate) => candidate.name === name);
      if (!operation) throw new Error(`no operation ${name}`);
      const response = await fetch(`${gateway().url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: operation.query, operationName: name }),
      });
      const body = (await response.json()) as {
        data?: Record<string, { __typename?: string }>;
        errors?: unknown;
      };
      expect(body.errors).toBeUndefined();
      return Object.values(body.data ?? {})[0]?.__typename;
    };

    it('walk the ResolvePersonaInUse journey: in use, numbers detached, deleted', async () => {
      expect(await run('ResolvePersonaInUse')).toBe('PersonaInUseError');
      expect(await run('DetachNumbers')).toBe('PersonaNumbersSuccess');
      expect(await run('DeleteAfterDetach')).toBe('DeletePersonaSuccess');
    });

    it.each([
      ['Personas', 'PersonaConnection'],
      ['Dispositions', 'DispositionList'],
      ['DeletePersona', 'DeletePersonaSuccess'],
      ['DeleteDisposition', 'DeleteDispositionSuccess'],
    ])('answers %s with %s', async (name, typename) => {
      expect(await run(name)).toBe(typename);
    });
  });
});
