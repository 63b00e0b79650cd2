import type { SandboxHandler } from '../router.js';
import { agentForbidden, dispositionForbidden, dispositionNotFound } from './answers.js';
import { accessOf, type BolnaState, findDisposition, isOwnAgent } from './state.js';

/** `GET /dispositions/{id}` (optional `?agent_id=`): the account's own and the global ones. */
export const getDisposition: SandboxHandler<BolnaState> = ({ state, id, query, now }) => {
  if (!isOwnAgent(state, query.get('agent_id') ?? undefined)) return agentForbidden;
  const record = findDisposition(state, id, now);
  if (!record) return dispositionNotFound;
  if (accessOf(state, record.disposition) === 'foreign') return dispositionForbidden;
  return { status: 200, body: record.disposition };
};
