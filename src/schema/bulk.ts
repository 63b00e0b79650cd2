import { GraphQLError } from 'graphql';
import pLimit from 'p-limit';

/** The most ids one bulk field takes. */
export const maxBulkIds = 100;

/**
 * One payload per id, in input order, with at most `concurrency` ids in flight at once, so a
 * bulk call sends a small steady stream rather than a burst. Each id settles on its own: one
 * failure never fails the rest. Over {@link maxBulkIds} ids is a GraphQL error before any call.
 */
export function deleteEach<Id, Payload>(
  ids: readonly Id[],
  concurrency: number,
  deleteOne: (id: Id, index: number) => Promise<Payload>,
): Promise<Payload>[] {
  if (ids.length > maxBulkIds) {
    throw new GraphQLError(`A bulk delete takes at most ${maxBulkIds} ids; this one has ${ids.length}.`, {
      extensions: { code: 'TOO_MANY_IDS' },
    });
  }
  const limit = pLimit(concurrency);
  return ids.map((id, index) => limit(() => deleteOne(id, index)));
}
