import { randomUUID } from 'node:crypto';
import type { SandboxHandler } from '../router.js';
import {
  agentForbidden,
  bolnaDone,
  bolnaError,
  dispositionForbidden,
  dispositionNotFound,
} from './answers.js';
import { checkDispositionRules, readDispositionBody } from './disposition-body.js';
import { accessOf, addCreated, type BolnaState, findDisposition, isOwnAgent } from './state.js';
import { validationFailed } from './validation.js';
import type { DispositionWire } from './wire.js';

/**
 * `PUT /dispositions/{id}`: in place (200) for the account's own, or, when the disposition is
 * shared by more than one agent and `agent_id` names one of them, a copy with the edit linked to
 * that agent, which leaves the original (201 with the copy's id). A global disposition is only
 * ever copied. The edited result must keep Bolna's rules.
 */
export const updateDisposition: SandboxHandler<BolnaState> = ({ state, id, body, now }) => {
  const read = readDispositionBody(body, ['body'], 'update');
  if ('issues' in read) return validationFailed(read.issues);
  const record = findDisposition(state, id, now);
  if (!record) return dispositionNotFound;
  const access = accessOf(state, record.disposition);
  if (access === 'foreign') return dispositionForbidden;
  if (Object.keys(read.fields).length === 0) return bolnaError(400, 'No valid fields provided to update');
  const { agentId } = read;
  if (!isOwnAgent(state, agentId)) return agentForbidden;
  const at = now.toISOString();
  const edited: DispositionWire = { ...structuredClone(record.disposition), ...read.fields, updated_at: at };
  const broken = checkDispositionRules(edited, ['body']);
  if (broken.length > 0) return validationFailed(broken);
  const { agent_ids } = record.disposition;
  if (agentId !== undefined && agent_ids.length > 1 && agent_ids.includes(agentId)) {
    const copy = {
      ...edited,
      id: randomUUID(),
      agent_ids: [agentId],
      created_by: state.userId,
      created_at: at,
    };
    record.disposition.agent_ids = agent_ids.filter((linked) => linked !== agentId);
    addCreated(state, copy, now);
    return bolnaDone(201, 'Disposition copy created and linked to agent', copy.id);
  }
  if (access === 'global') return bolnaError(403, 'Only the owner of this disposition can update it');
  record.disposition = edited;
  return bolnaDone(200, 'Disposition updated successfully', id);
};
