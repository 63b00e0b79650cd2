import type { SandboxAnswer } from '../router.js';

/** Bland's success envelope. */
export function blandData(data: unknown): SandboxAnswer {
  return { status: 200, body: { data, errors: null } };
}

/** Bland's error envelope with one error; `details` only when given. */
export function blandError(
  status: number,
  error: string,
  message: string,
  details?: Record<string, unknown>,
): SandboxAnswer {
  return { status, body: { data: null, errors: [{ error, message, ...(details ? { details } : {}) }] } };
}

export function personaNotFound(personaId: string): SandboxAnswer {
  return blandError(404, 'PERSONA_NOT_FOUND', 'Persona not found', { persona_id: personaId });
}

/** The not-found of attach and detach, which name no persona. */
export const personaNotFoundOrDenied: SandboxAnswer = blandError(
  404,
  'PERSONA_NOT_FOUND',
  'Persona not found or access denied',
);

/** A field Bland refuses; `details.field` names it. */
export function invalidField(field: string, message: string): SandboxAnswer {
  return blandError(400, 'VALIDATION_ERROR', message, { field });
}
