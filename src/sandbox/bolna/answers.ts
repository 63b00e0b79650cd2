import type { SandboxAnswer } from '../router.js';

/** Bolna's documented error body, `{ error: <status>, message }`. */
export function bolnaError(status: number, message: string): SandboxAnswer {
  return { status, body: { error: status, message } };
}

/** Bolna's `{ message, id }` answer of create, update and delete. */
export function bolnaDone(status: number, message: string, id: string): SandboxAnswer {
  return { status, body: { message, id } };
}

export const dispositionNotFound: SandboxAnswer = bolnaError(404, 'Disposition not found');
export const agentForbidden: SandboxAnswer = bolnaError(403, 'Agent not found or access denied');
export const dispositionForbidden: SandboxAnswer = bolnaError(
  403,
  'You do not have access to this disposition',
);
