import { randomUUID } from 'node:crypto';
import type { SandboxHandler } from '../router.js';
import { agentForbidden, bolnaDone } from './answers.js';
import { readNewDisposition, toNewDisposition } from './disposition-body.js';
import { addCreated, type BolnaState, isOwnAgent } from './state.js';
import { validationFailed } from './validation.js';

/** `POST /dispositions/`: 201 with the new id only; the disposition is found after the create lag. */
export const createDisposition: SandboxHandler<BolnaState> = ({ state, body, now }) => {
  const read = readNewDisposition(body, ['body']);
  if ('issues' in read) return validationFailed(read.issues);
  if (!isOwnAgent(state, read.agentId)) return agentForbidden;
  const agentIds = read.agentId === undefined ? [] : [read.agentId];
  const disposition = toNewDisposition(
    read.fields,
    { id: randomUUID(), agent_ids: agentIds, created_by: state.userId },
    now,
  );
  addCreated(state, disposition, now);
  return bolnaDone(201, 'Disposition created successfully', disposition.id);
};
