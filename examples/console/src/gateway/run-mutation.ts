import { type AnyVariables, type Client, CombinedError, type TypedDocumentNode } from '@urql/core';
import { withIdempotencyKey } from './user-action';

/** What one request came back with: its data, or why there is none (transport, HTTP or GraphQL errors). */
export type Answer<Data> = { kind: 'data'; data: Data } | { kind: 'failed'; error: CombinedError };

/** Sends one mutation under `idempotencyKey`. Never throws: a request that fails is an answer too. */
export async function runMutation<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  idempotencyKey: string,
): Promise<Answer<Data>> {
  const result = await client.mutation(document, variables, withIdempotencyKey(idempotencyKey)).toPromise();
  if (result.data != null && result.error === undefined) return { kind: 'data', data: result.data };
  const error =
    result.error ?? new CombinedError({ networkError: new Error('The gateway answered without data.') });
  return { kind: 'failed', error };
}
