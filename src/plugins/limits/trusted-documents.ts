import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/** The request body field that carries a document's id, besides `query` and the others Yoga knows. */
export const documentIdParam = 'documentId';

const sha256Prefix = 'sha256:';
const sha256Length = 64;

/**
 * Runs documents sent by id from `documents` (manifest key → document text), as the
 * GraphQL-over-HTTP persisted-documents proposal sends them (`documentId`, in the POST body or
 * `GET ?documentId=`, optionally `sha256:`-prefixed) and as Apollo clients do
 * (`extensions.persistedQuery.sha256Hash`). The document text replaces the id in Yoga's
 * `params.query`, so every later step sees the text. An unknown id is a 400
 * `PERSISTED_QUERY_NOT_IN_LIST`; with `only`, document text is a 400 `PERSISTED_QUERY_ID_REQUIRED`.
 * Yoga must also be told to accept {@link documentIdParam} (its `extraParamNames`).
 */
export function useTrustedDocuments(documents: ReadonlyMap<string, string>, only: boolean): Plugin {
  const idRequired = {
    message: 'This gateway runs trusted documents only: send a documentId instead of the document text.',
    extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
  };
  return usePersistedOperations({
    allowArbitraryOperations: !only,
    extractPersistedOperationId: extractDocumentId,
    // The text, not a parsed document: Yoga's params.query then holds it, and its parse cache
    // parses each document once.
    getPersistedOperation: (id) => findDocument(documents, id),
    customErrors: {
      // Not PERSISTED_QUERY_NOT_FOUND: Apollo clients read that as "send the text instead".
      notFound: {
        message: 'This documentId is not one of the trusted documents.',
        extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } },
      },
      persistedQueryOnly: idRequired,
      keyNotFound: only
        ? idRequired
        : {
            message: 'Send a query or a documentId.',
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          },
    },
  });
}

/** The document an id names: a `sha256:` id matches sha256 keys only, a bare id any key. */
function findDocument(documents: ReadonlyMap<string, string>, id: string): string | null {
  if (!id.startsWith(sha256Prefix)) return documents.get(id) ?? null;
  const hash = id.slice(sha256Prefix.length);
  return hash.length === sha256Length ? (documents.get(hash) ?? null) : null;
}

/**
 * The id a request sends: `documentId` from a JSON body, else from the URL (Yoga's GET parser
 * keeps only the parameters it knows), else Apollo's hash, which is always a sha256.
 */
function extractDocumentId(params: GraphQLParams, request: Request): string | null {
  const sent = (params as { [documentIdParam]?: unknown })[documentIdParam];
  if (typeof sent === 'string') return sent;
  if (request.method === 'GET') {
    const fromUrl = new URL(request.url).searchParams.get(documentIdParam);
    if (fromUrl !== null) return fromUrl;
  }
  const apollo = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery?.sha256Hash;
  return typeof apollo === 'string' ? `${sha256Prefix}${apollo}` : null;
}
