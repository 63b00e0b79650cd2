export const maxIdLength = 128;

/** A contract rule for one vendor's ids: what it accepts, and how to say what it wants. */
export interface IdRule {
  pattern: RegExp;
  description: string;
}

/** Why an id breaks the rule, or null when it is acceptable. */
export function findIdProblem(id: string, rule: IdRule): string | null {
  if (id === '') return 'The id is empty.';
  if (id.length > maxIdLength) return `The id is longer than ${maxIdLength} characters.`;
  if (!rule.pattern.test(id)) return `The id must be ${rule.description}.`;
  return null;
}
