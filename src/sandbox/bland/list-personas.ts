import type { SandboxHandler } from '../router.js';
import { blandData, blandError } from './answers.js';
import type { BlandState } from './state.js';
import { toPersonaWire } from './to-persona-wire.js';

const maxLimit = 100;

/** `GET /v1/personas?page=&limit=`: a page of personas in creation order (page 1-based). */
export const listPersonas: SandboxHandler<BlandState> = ({ state, query }) => {
  const page = readPositiveInteger(query.get('page'), 1);
  if (page === null) return invalidParameter('page', 'page must be a positive integer');
  const limit = readPositiveInteger(query.get('limit'), 20);
  if (limit === null || limit > maxLimit) {
    return invalidParameter('limit', `limit must be an integer from 1 to ${maxLimit}`);
  }
  const start = (page - 1) * limit;
  const records = [...state.personas.values()].slice(start, start + limit);
  return blandData(records.map((record) => toPersonaWire(state, record)));
};

function readPositiveInteger(text: string | null, fallback: number): number | null {
  if (text === null) return fallback;
  if (!/^\d{1,9}$/.test(text)) return null;
  const value = Number(text);
  return value >= 1 ? value : null;
}

function invalidParameter(field: string, message: string) {
  return blandError(400, 'INVALID_PARAMETER', message, { field });
}
