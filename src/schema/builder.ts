import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import type { GatewayContext } from '../server/context.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: { ID: { Input: string; Output: string } };
  DefaultFieldNullability: false;
}>({
  plugins: [ErrorsPlugin],
  // The contract's fields are non-null unless it says otherwise.
  defaultFieldNullability: false,
  // Success types are members of each payload union themselves, with no wrapper object.
  errors: { directResult: true },
});

builder.queryType({});
builder.mutationType({});
