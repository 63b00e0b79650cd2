import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/**
 * A validation rule: at most `max` delete fields (mutation fields named `delete...`) in one
 * operation, aliases counted, fragments followed. It runs before anything executes, so an
 * operation over the limit reaches no vendor.
 */
export function createDeleteFieldLimitRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const responseKeys = new Set<string>();
      collectDeleteFields(
        operation.selectionSet,
        (name) => context.getFragment(name),
        responseKeys,
        new Set(),
      );
      if (responseKeys.size > max) {
        context.reportError(
          new GraphQLError(
            `An operation may hold at most ${max} delete fields (aliases counted); this one holds ${responseKeys.size}.`,
            { nodes: operation, extensions: { code: 'TOO_MANY_DELETES' } },
          ),
        );
      }
    },
  });
}

function collectDeleteFields(
  selectionSet: SelectionSetNode,
  getFragment: (name: string) => FragmentDefinitionNode | null | undefined,
  responseKeys: Set<string>,
  visitedFragments: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (isDeleteField(selection)) responseKeys.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectDeleteFields(selection.selectionSet, getFragment, responseKeys, visitedFragments);
    } else if (!visitedFragments.has(selection.name.value)) {
      visitedFragments.add(selection.name.value);
      const fragment = getFragment(selection.name.value);
      if (fragment) collectDeleteFields(fragment.selectionSet, getFragment, responseKeys, visitedFragments);
    }
  }
}

function isDeleteField(field: FieldNode): boolean {
  return field.name.value.startsWith('delete');
}
