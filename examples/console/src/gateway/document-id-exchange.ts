import { type Exchange, makeOperation, mapExchange, type PersistedDocument } from '@urql/core';

/**
 * Sends every operation as its trusted-document id (`documentId: "sha256:<hash>"`, the
 * GraphQL-over-HTTP persisted-documents proposal) and never its text. The documents keep their
 * definitions until here, so urql still knows each operation's kind; fetchExchange sends a
 * document without definitions as its `documentId` alone.
 */
export const documentIdExchange: Exchange = mapExchange({
  onOperation(operation) {
    if (operation.kind === 'teardown') return operation;
    const query: PersistedDocument = {
      kind: 'Document' as PersistedDocument['kind'],
      definitions: [],
      documentId: `sha256:${hashOf(operation.query)}`,
    };
    return makeOperation(operation.kind, { ...operation, query }, operation.context);
  },
});

/** The sha256 the client preset puts on each generated document (`persistedDocuments` on). */
function hashOf(document: object): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') {
    // Only codegen's documents run here: the gateway would refuse any other (trusted documents only).
    throw new Error('An operation without a trusted-document hash: write it with the generated graphql().');
  }
  return hash;
}
