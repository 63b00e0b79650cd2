import type { SandboxHandler } from '../router.js';
import { bolnaDone, bolnaError, dispositionNotFound } from './answers.js';
import { accessOf, type BolnaState, findDisposition } from './state.js';

/** `DELETE /dispositions/{id}`: only the owner may; it leaves every agent with it. */
export const deleteDisposition: SandboxHandler<BolnaState> = ({ state, id, now }) => {
  const record = findDisposition(state, id, now);
  if (!record) return dispositionNotFound;
  if (accessOf(state, record.disposition) !== 'owned') {
    return bolnaError(403, 'Only the owner of this disposition can delete it');
  }
  state.dispositions.delete(id);
  return bolnaDone(200, 'Disposition deleted successfully', id);
};
