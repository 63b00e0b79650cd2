import { isRecord } from '../is-record.js';
import type { SandboxAnswer } from '../router.js';
import { blandError, invalidField, personaNotFoundOrDenied } from './answers.js';
import type { BlandState, PersonaRecord } from './state.js';

/**
 * What attach and detach both check, in Bland's order: the body's `inbound_numbers` (a non-empty
 * list of strings), the persona, then that every number is the account's (else
 * INVALID_INBOUND_NUMBERS naming the others). Duplicates count once.
 */
export function readNumbersChange(
  state: BlandState,
  personaId: string,
  body: unknown,
): { record: PersonaRecord; phoneNumbers: string[] } | { refused: SandboxAnswer } {
  const sent = isRecord(body) ? body.inbound_numbers : undefined;
  if (!Array.isArray(sent) || sent.length === 0 || !sent.every((item) => typeof item === 'string')) {
    return {
      refused: invalidField('inbound_numbers', 'inbound_numbers must be a non-empty list of phone numbers'),
    };
  }
  const record = state.personas.get(personaId);
  if (!record) return { refused: personaNotFoundOrDenied };
  const phoneNumbers = [...new Set<string>(sent)];
  const foreign = phoneNumbers.filter((phoneNumber) => !state.phoneNumbers.has(phoneNumber));
  if (foreign.length > 0) {
    return {
      refused: blandError(
        400,
        'INVALID_INBOUND_NUMBERS',
        'Some phone numbers were not found or do not belong to you',
        {
          invalid_numbers: foreign,
        },
      ),
    };
  }
  return { record, phoneNumbers };
}
