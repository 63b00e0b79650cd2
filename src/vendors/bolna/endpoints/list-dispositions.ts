import type { DispositionList } from '../../../domain/disposition.js';
import { asRecord } from '../../core/answer.js';
import type { Endpoint } from '../../core/endpoint.js';
import { toDispositions } from '../disposition.js';
import { toBolnaOutcome } from '../envelope.js';
import { bolnaAgentIdRule } from '../ids.js';
import type { BolnaDispositionListWire } from '../wire.js';

export interface ListDispositionsInput {
  /** The agent whose dispositions to list; undefined for the account's own. */
  agentId?: string | undefined;
}

/**
 * `GET /dispositions/` (the trailing slash is Bolna's), optionally `?agent_id=`: every list shape
 * Bolna sends reads as one DispositionList; any other body is BAD_RESPONSE.
 */
export const listDispositionsEndpoint: Endpoint<ListDispositionsInput, DispositionList> = {
  vendor: 'BOLNA',
  name: 'disposition.list',
  method: 'GET',
  pathTemplate: '/dispositions/',
  query: ({ agentId }) => ({ agent_id: agentId }),
  ids: ({ agentId }) =>
    agentId === undefined ? [] : [{ field: 'agentId', value: agentId, rule: bolnaAgentIdRule }],
  effect: 'read',
  successTypename: 'DispositionList',
  normalize: (answer, { agentId }) =>
    toBolnaOutcome(answer, {
      success: (body) => toDispositionList(body, agentId ?? null),
      forbidden: 'Bolna does not allow this API key to list the dispositions of that agent.',
    }),
};

function toDispositionList(body: unknown, agentId: string | null): DispositionList | null {
  const list = (dispositions: unknown, globals: unknown = []) => {
    const own = toDispositions(dispositions);
    const global = toDispositions(globals);
    return own && global ? { agentId, dispositions: own, globalDispositions: global } : null;
  };
  if (Array.isArray(body)) return list(body);
  const wire = asRecord(body) as BolnaDispositionListWire | null;
  if (wire && 'user_owned' in wire) return list(wire.user_owned);
  if (wire && 'agent_dispositions' in wire)
    return list(wire.agent_dispositions, wire.global_dispositions ?? []);
  return null;
}
