import { randomUUID } from 'node:crypto';
import type { SandboxHandler } from '../router.js';
import { agentForbidden } from './answers.js';
import { readNewDisposition, toNewDisposition } from './disposition-body.js';
import { addCreated, type BolnaState, isOwnAgent } from './state.js';
import { type Check, isString, listOf, objectOf, validationFailed } from './validation.js';

const dispositionItem: Check = (value, loc) => {
  const read = readNewDisposition(value, loc);
  return 'issues' in read ? read.issues : [];
};

const bulkBody = objectOf({
  agent_id: { check: isString, required: true },
  dispositions: { check: listOf(dispositionItem, 1), required: true },
});

/**
 * `POST /dispositions/bulk` `{ agent_id, dispositions }`: all or nothing. Every item is checked
 * (problems at `["body", "dispositions", <index>, <field>]`) before any is made; 201 with the
 * new ids in input order, every one linked to the agent.
 */
export const createDispositions: SandboxHandler<BolnaState> = ({ state, body, now }) => {
  const issues = bulkBody(body, ['body']);
  if (issues.length > 0) return validationFailed(issues);
  const { agent_id: agentId, dispositions: items } = body as { agent_id: string; dispositions: unknown[] };
  if (!isOwnAgent(state, agentId)) return agentForbidden;
  const created = items.map((item) => {
    const read = readNewDisposition(item, []);
    if ('issues' in read) throw new Error('A bulk item that was checked no longer reads');
    return toNewDisposition(
      read.fields,
      { id: randomUUID(), agent_ids: [agentId], created_by: state.userId },
      now,
    );
  });
  for (const disposition of created) addCreated(state, disposition, now);
  return {
    status: 201,
    body: { message: 'Dispositions created successfully', ids: created.map((disposition) => disposition.id) },
  };
};
