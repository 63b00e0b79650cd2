import type { SandboxHandler } from '../router.js';
import { agentForbidden } from './answers.js';
import { accessOf, type BolnaState, isOwnAgent, visibleDispositions } from './state.js';

/**
 * `GET /dispositions/` in the live shapes: `{ user_owned }` without `agent_id`;
 * `{ agent_dispositions, global_dispositions }` (those linked to the agent) with it.
 */
export const listDispositions: SandboxHandler<BolnaState> = ({ state, query, now }) => {
  const agentId = query.get('agent_id') ?? undefined;
  if (!isOwnAgent(state, agentId)) return agentForbidden;
  const visible = visibleDispositions(state, now);
  const owned = visible.filter((disposition) => accessOf(state, disposition) === 'owned');
  if (agentId === undefined) return { status: 200, body: { user_owned: owned } };
  const global = visible.filter((disposition) => accessOf(state, disposition) === 'global');
  const linked = (disposition: { agent_ids: string[] }) => disposition.agent_ids.includes(agentId);
  return {
    status: 200,
    body: { agent_dispositions: owned.filter(linked), global_dispositions: global.filter(linked) },
  };
};
