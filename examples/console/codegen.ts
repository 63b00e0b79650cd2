import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The client preset over the gateway's `schema.graphql`, reading the operations in
 * `src/operations/` and writing `src/generated/`, with `persisted-documents.json`: the manifest the
 * gateway's `TRUSTED_DOCUMENTS_FILE` names. Paths are absolute, so it runs from any directory.
 */
const config: CodegenConfig = {
  schema: here('../../schema.graphql'),
  documents: [here('src/operations/*.ts')],
  ignoreNoDocuments: false,
  generates: {
    [here('src/generated/')]: {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // Each document carries its sha256 (`__meta__.hash`); the page sends that id, never the text.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        // String unions rather than TypeScript enums: nothing generated runs, it only types.
        enumsAsTypes: true,
        useTypeImports: true,
        // Every scalar the schema uses is a JSON string, boolean or number (DateTime: RFC 3339 text).
        strictScalars: true,
        scalars: { ID: 'string', DateTime: 'string' },
      },
    },
  },
};

export default config;
