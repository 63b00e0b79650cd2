import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The client preset over `schema`, reading the operations in `src/operations.ts` and writing
 * `src/generated/`. Paths are absolute, so it works from any working directory.
 */
export function createTypedClientConfig(schema: string): CodegenConfig {
  return {
    schema,
    documents: [here('src/operations.ts')],
    ignoreNoDocuments: false,
    // Node ESM needs the `.js` suffix on relative imports.
    importExtension: '.js',
    generates: {
      [here('src/generated/')]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: {
          // Plain strings on the wire: no graphql-js at run time, fetch sends `String(document)`.
          documentMode: 'string',
          // String unions rather than TypeScript enums, so the code runs under type stripping.
          enumsAsTypes: true,
          useTypeImports: true,
          // Every scalar the schema uses is a JSON string, boolean or number (DateTime: RFC 3339 text).
          strictScalars: true,
          scalars: { ID: 'string', DateTime: 'string' },
        },
      },
      // What a normalized cache needs to match `... on Error` against the union members: Apollo
      // Client's possibleTypes, and the introspection urql Graphcache takes as its schema.
      [here('src/generated/possible-types.ts')]: {
        plugins: ['fragment-matcher'],
        config: { apolloClientVersion: 3, useExplicitTyping: true },
      },
      [here('src/generated/schema.json')]: {
        plugins: ['introspection'],
        config: { minify: true, descriptions: false },
      },
    },
  };
}

export default createTypedClientConfig(here('../../schema.graphql'));
