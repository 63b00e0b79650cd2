import { InvalidInputError } from '../../domain/errors.js';

/** The most numbers one attach or detach takes. */
export const maxPhoneNumbers = 50;

/** E.164: `+`, then 7 to 15 digits, the first not 0. */
const e164 = /^\+[1-9]\d{6,14}$/;

/** Why a list of numbers may not be sent (`field: "phoneNumbers"`), or null when it may. */
export function findPhoneNumbersProblem(phoneNumbers: readonly string[]): InvalidInputError | null {
  const invalid = (message: string) => new InvalidInputError(message, 'BLAND', null, 'phoneNumbers');
  if (phoneNumbers.length === 0) return invalid('Give at least one phone number.');
  if (phoneNumbers.length > maxPhoneNumbers) {
    return invalid(`Give at most ${maxPhoneNumbers} phone numbers; this call has ${phoneNumbers.length}.`);
  }
  const index = phoneNumbers.findIndex((number) => !e164.test(number));
  if (index !== -1) {
    return invalid(
      `Phone number ${index + 1} is not E.164 ("+" and 7 to 15 digits, the first not 0), e.g. +15551234567.`,
    );
  }
  return null;
}
