import type { Persona } from '../../../domain/persona.js';
import type { Endpoint } from '../../core/endpoint.js';
import { toBlandOutcome } from '../envelope.js';
import { toPersona } from '../persona.js';

/** The most personas one Bland page holds. */
export const maxBlandPageSize = 100;

export interface ListPersonasInput {
  /** 1-based. */
  page: number;
  /** 1 to {@link maxBlandPageSize}. */
  limit: number;
}

/**
 * `GET /v1/personas?page=&limit=`: one page of personas, in Bland's order, deleted ones
 * included (the caller filters them after counting). Bland says nothing of a total or a next page.
 */
export const listPersonasEndpoint: Endpoint<ListPersonasInput, readonly Persona[]> = {
  vendor: 'BLAND',
  name: 'persona.list',
  method: 'GET',
  pathTemplate: '/v1/personas',
  query: ({ page, limit }) => ({ page, limit }),
  ids: () => [],
  effect: 'read',
  successTypename: 'PersonaConnection',
  normalize: (answer) =>
    toBlandOutcome(answer, {
      success: (data) => {
        if (!Array.isArray(data)) return null;
        const personas = data.map(toPersona);
        return personas.every((persona) => persona !== null) ? (personas as Persona[]) : null;
      },
      forbidden: 'Bland does not allow this API key to list personas.',
    }),
};
