import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLUnionType,
  getNamedType,
  Kind,
  parse,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { graphiqlTabs } from '../../src/server/graphiql-tabs.js';
import { useSandboxGateway } from '../helpers/sandbox-gateway.js';

const documents = graphiqlTabs.map((tab) => parse(tab.query));

/** The tab whose operations include `name`. */
function tabWith(name: string): { query: string; document: DocumentNode } {
  const index = documents.findIndex((document) =>
    document.definitions.some(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
    ),
  );
  const tab = graphiqlTabs[index];
  if (!tab) throw new Error(`no tab has the operation ${name}`);
  return { query: tab.query, document: documents[index] as DocumentNode };
}

/** The type conditions a selection names, through inline fragments and fragment spreads. */
function namedTypes(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
): Set<string> {
  const names = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) continue;
    const fragment =
      selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
    if (!fragment) continue;
    if (fragment.typeCondition) names.add(fragment.typeCondition.name.value);
    for (const name of namedTypes(fragment.selectionSet, fragments)) names.add(name);
  }
  return names;
}

/** Every union field of a document, with the members its selection leaves out. */
function missingMembers(document: DocumentNode): Record<string, string[]> {
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const missing: Record<string, string[]> = {};
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const type = getNamedType(typeInfo.getType());
        if (!(type instanceof GraphQLUnionType) || !field.selectionSet) return;
        const selected = namedTypes(field.selectionSet, fragments);
        missing[field.name.value] = type
          .getTypes()
          .map((member) => member.name)
          .filter((name) => !selected.has(name));
      },
    }),
  );
  return missing;
}

describe('the GraphiQL write tabs', () => {
  it.each(['CreatePersona', 'CreateDisposition'])(
    'the %s journey selects every member of every write union',
    (name) => {
      const missing = missingMembers(tabWith(name).document);
      expect(Object.keys(missing).length).toBeGreaterThanOrEqual(3);
      for (const members of Object.values(missing)) expect(members).toEqual([]);
    },
  );
});

describe('the write journeys, run on a sandbox gateway as GraphiQL runs them (no variables)', () => {
  const { gateway } = useSandboxGateway();

  /** Runs one operation of a tab and returns its one root field's answer. */
  async function run(tab: string, operationName: string) {
    const response = await fetch(`${gateway().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: tabWith(tab).query, operationName }),
    });
    const body = (await response.json()) as { data: Record<string, Record<string, unknown>> };
    return Object.values(body.data)[0];
  }

  it('persona: created, no draft, a draft from the update, then production version 3', async () => {
    expect(await run('CreatePersona', 'CreatePersona')).toMatchObject({
      __typename: 'CreatePersonaSuccess',
      persona: {
        name: 'Billing Agent',
        productionVersion: { versionNumber: 1 },
        draftVersion: { versionNumber: 2 },
      },
    });
    expect(await run('CreatePersona', 'PromotePersonaDraft')).toMatchObject({
      __typename: 'NoDraftVersionError',
    });
    expect(await run('CreatePersona', 'UpdatePersona')).toMatchObject({
      __typename: 'UpdatePersonaSuccess',
      persona: { draftVersion: { versionNumber: 2, orchestrationPrompt: 'Greet, then ask how to help.' } },
    });
    expect(await run('CreatePersona', 'PromotePersonaDraft')).toMatchObject({
      __typename: 'PromotePersonaDraftSuccess',
      persona: { productionVersion: { versionNumber: 3, type: 'PRODUCTION' } },
    });
  });

  it('disposition: created, then a copy for the second agent, then two in bulk', async () => {
    expect(await run('CreateDisposition', 'CreateDisposition')).toMatchObject({
      __typename: 'CreateDispositionSuccess',
    });
    expect(await run('CreateDisposition', 'UpdateDisposition')).toMatchObject({
      __typename: 'UpdateDispositionSuccess',
      copied: true,
      originalId: '55555555-5555-4555-8555-555555555555',
    });
    expect(await run('CreateDisposition', 'CreateDispositions')).toMatchObject({
      __typename: 'CreateDispositionsSuccess',
      dispositionIds: [expect.any(String), expect.any(String)],
    });
  });
});
