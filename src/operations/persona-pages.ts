import { type GatewayError, InvalidInputError } from '../domain/errors.js';
import type { Persona } from '../domain/persona.js';
import type { ListPersonasInput } from '../vendors/bland/endpoints/list-personas.js';

/** The most personas one `personas` page asks for. */
export const maxPageSize = 100;

/** One page of personas, as a Relay connection. */
export interface PersonaConnection {
  edges: { cursor: string; node: Persona }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** A persona's position in Bland's list, as the opaque cursor clients send back: base64url of `v1:<offset>`. */
export function toCursor(offset: number): string {
  return Buffer.from(`v1:${offset}`).toString('base64url');
}

/** The offset a cursor names; null when it is not a cursor of this gateway's shape. */
export function fromCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(cursor)) return null;
  const match = /^v1:(0|[1-9]\d{0,8})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  // Round-tripped, so each offset has exactly one cursor.
  return match && toCursor(Number(match[1])) === cursor ? Number(match[1]) : null;
}

/**
 * Reads the window of `first` personas after `after` from Bland's `page`/`limit` list. The page
 * size is the window's own, so a window reads one Bland page when it starts on a page boundary
 * (as paging forward with one `first` always does) and two when it straddles them; the second is
 * read only when the first was full. A persona whose `deleted_at` is set is left out, but still
 * counts for `hasNextPage` and moves `endCursor`, so a window of deleted personas never stalls
 * paging.
 */
export async function readPersonaWindow(
  first: number,
  after: string | null | undefined,
  listPage: (input: ListPersonasInput) => Promise<readonly Persona[] | GatewayError>,
): Promise<PersonaConnection | GatewayError> {
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    return new InvalidInputError(
      `first must be from 1 to ${maxPageSize} (got ${first}).`,
      'BLAND',
      null,
      'first',
    );
  }
  const afterOffset = after == null ? -1 : fromCursor(after);
  if (afterOffset === null) {
    return new InvalidInputError('after is not a cursor this gateway gave out.', 'BLAND', null, 'after');
  }
  const start = afterOffset + 1;
  const limit = first;
  const firstPage = Math.floor(start / limit) + 1;
  const read: { offset: number; persona: Persona }[] = [];
  for (let page = firstPage; read.length < first; page += 1) {
    const personas = await listPage({ page, limit });
    if (!Array.isArray(personas)) return personas as GatewayError;
    const pageStart = (page - 1) * limit;
    personas.forEach((persona, index) => {
      const offset = pageStart + index;
      if (offset >= start && offset < start + first) read.push({ offset, persona });
    });
    if (personas.length < limit) break;
  }
  const edges = read
    .filter(({ persona }) => persona.deletedAt === null)
    .map(({ offset, persona }) => ({ cursor: toCursor(offset), node: persona }));
  const [firstRead] = read;
  const lastRead = read.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage: read.length === first,
      hasPreviousPage: start > 0,
      startCursor: firstRead ? toCursor(firstRead.offset) : null,
      endCursor: lastRead ? toCursor(lastRead.offset) : null,
    },
  };
}
