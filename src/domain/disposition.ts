/** A Bolna disposition: a question asked of every call transcript, and how its answer is read. */
export interface Disposition {
  id: string;
  name: string;
  question: string;
  category: string;
  systemPrompt: string | null;
  model: string;
  isSubjective: boolean;
  isObjective: boolean;
  subjectiveType: SubjectiveType;
  subjectivePattern: string | null;
  subjectivePatternDescription: string | null;
  objectiveOptions: readonly ObjectiveOption[];
  agentIds: readonly string[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const subjectiveTypes = [
  'TEXT',
  'TIMESTAMP',
  'NUMERIC',
  'BOOLEAN',
  'EMAIL',
  'REGEX',
  'OTHER',
] as const;
/** `OTHER`: a type Bolna sent that the gateway does not know. */
export type SubjectiveType = (typeof subjectiveTypes)[number];

/** One answer an objective disposition may give, with the condition for it and its own sub-options. */
export interface ObjectiveOption {
  value: string;
  condition: string;
  subOptions: readonly ObjectiveOption[];
}

/** Bolna's dispositions for the account, or for one agent. */
export interface DispositionList {
  /** The agent asked for; null for the account's own list. */
  agentId: string | null;
  dispositions: readonly Disposition[];
  /** With an agent: the global dispositions that also run on it. */
  globalDispositions: readonly Disposition[];
}
