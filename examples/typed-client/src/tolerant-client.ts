import { execute, type GatewayClientOptions } from './client.js';
import type { DeletePersonaTolerantMutation } from './generated/graphql.js';
import { DeletePersonaTolerantDocument } from './operations.js';

type Result = DeletePersonaTolerantMutation['deletePersona'];

/** Handles the members it knows; any other, including members added later, through `... on Error`. */
export function describeTolerantly(payload: Result): string {
  switch (payload.__typename) {
    case 'DeletePersonaSuccess':
      return `deleted persona ${payload.personaId}`;
    case 'PersonaInUseError':
      return `in use by ${payload.phoneNumbers.join(', ')}`;
    default: {
      // Every failure implements Error; the wider type also accepts a member that would not.
      const other: { __typename: string; message?: string; retryable?: boolean } = payload;
      if (other.message === undefined) return `unexpected answer: ${other.__typename}`;
      return `${other.__typename}: ${other.message}${other.retryable ? ' (retryable)' : ''}`;
    }
  }
}

export async function deletePersonaTolerantly(options: GatewayClientOptions, id: string): Promise<string> {
  const data = await execute(options, DeletePersonaTolerantDocument, { id });
  return describeTolerantly(data.deletePersona);
}
