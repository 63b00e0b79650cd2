import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/** Options for {@link createOperationCostRule}. */
export interface OperationCostLimits {
  /**
   * Mutation fields per operation, aliases counted (a bulk field counts as one): MAX_DELETE_FIELDS.
   * @default 10
   */
  maxMutationFields: number;
  /**
   * Vendor calls a query may make: MAX_QUERY_VENDOR_CALLS.
   * @default 10
   */
  maxQueryVendorCalls: number;
}

/**
 * A validation rule that prices an operation by the vendor calls it can make, not by the size of
 * its selection: each root field of a query declares its calls in its `vendorCalls` extension
 * (`persona` 1, `personas` 2: a window may straddle two of Bland's pages); nested fields call no
 * vendor. A mutation counts its fields. Aliases count, fragments are followed, and fields that
 * share a response key are one field. It runs before anything executes, so an operation over the
 * limit reaches no vendor.
 */
export function createOperationCostRule({
  maxMutationFields,
  maxQueryVendorCalls,
}: OperationCostLimits): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation === 'subscription') return;
      const fields = new Map<string, FieldNode>();
      collectRootFields(operation.selectionSet, (name) => context.getFragment(name), fields, new Set());
      if (operation.operation === 'mutation') {
        if (fields.size <= maxMutationFields) return;
        context.reportError(
          new GraphQLError(
            `An operation may hold at most ${maxMutationFields} mutation fields (aliases counted); this one holds ${fields.size}.`,
            { nodes: operation, extensions: { code: 'TOO_MANY_MUTATION_FIELDS' } },
          ),
        );
        return;
      }
      const rootFields = context.getSchema().getQueryType()?.getFields() ?? {};
      let calls = 0;
      for (const field of fields.values()) {
        const declared = rootFields[field.name.value]?.extensions?.vendorCalls;
        calls += typeof declared === 'number' ? declared : 0;
      }
      if (calls <= maxQueryVendorCalls) return;
      context.reportError(
        new GraphQLError(
          `A query may make at most ${maxQueryVendorCalls} vendor calls; this one can make ${calls}.`,
          { nodes: operation, extensions: { code: 'TOO_MANY_VENDOR_CALLS' } },
        ),
      );
    },
  });
}

function collectRootFields(
  selectionSet: SelectionSetNode,
  getFragment: (name: string) => FragmentDefinitionNode | null | undefined,
  fields: Map<string, FieldNode>,
  visitedFragments: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      fields.set(selection.alias?.value ?? selection.name.value, selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootFields(selection.selectionSet, getFragment, fields, visitedFragments);
    } else if (!visitedFragments.has(selection.name.value)) {
      visitedFragments.add(selection.name.value);
      const fragment = getFragment(selection.name.value);
      if (fragment) collectRootFields(fragment.selectionSet, getFragment, fields, visitedFragments);
    }
  }
}
