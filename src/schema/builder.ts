import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import {
  ForbiddenError,
  InvalidInputError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamError,
} from '../domain/errors.js';
import type { GatewayContext } from '../server/context.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ErrorsPlugin],
  // The contract's fields are non-null unless it says otherwise.
  defaultFieldNullability: false,
  errors: {
    // Success types are members of each result union themselves, with no wrapper object.
    directResult: true,
    // Every result union holds these, after the members of its own.
    defaultTypes: [InvalidInputError, UnauthenticatedError, ForbiddenError, RateLimitedError, UpstreamError],
  },
});

builder.queryType({});
builder.mutationType({});
