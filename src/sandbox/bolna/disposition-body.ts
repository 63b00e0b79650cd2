import { isRecord } from '../is-record.js';
import {
  type Check,
  isBoolean,
  isString,
  issue,
  type Loc,
  listOf,
  nullable,
  objectOf,
  type ValidationIssue,
} from './validation.js';
import {
  type DispositionFieldsWire,
  type DispositionWire,
  type ObjectiveOptionWire,
  subjectiveTypesWire,
} from './wire.js';

/** A body's disposition fields, read; only the fields it gave. */
export interface DispositionBody {
  fields: Partial<DispositionFieldsWire>;
  /** `agent_id` when given (null reads as not given). */
  agentId: string | undefined;
}

const subjectiveType: Check = (value, loc) =>
  subjectiveTypesWire.some((type) => type === value)
    ? []
    : [issue(loc, `Input should be ${subjectiveTypesWire.map((type) => `'${type}'`).join(', ')}`, 'enum')];

const subjectiveTypeConfig = objectOf({
  pattern: { check: isString, required: true },
  description: { check: nullable(isString), required: false },
});

const objectiveOption: Check = (value, loc) =>
  objectOf({
    value: { check: isString, required: true },
    condition: { check: isString, required: true },
    sub_options: { check: nullable(listOf(objectiveOption)), required: false },
  })(value, loc);

const fieldChecks: Record<keyof DispositionFieldsWire, Check> = {
  name: isString,
  question: isString,
  system_prompt: nullable(isString),
  category: isString,
  model: isString,
  is_subjective: isBoolean,
  is_objective: isBoolean,
  subjective_type: subjectiveType,
  subjective_type_config: nullable(subjectiveTypeConfig),
  objective_options: nullable(listOf(objectiveOption)),
};

/** The whole body: `name` and `question` are required on create only; `agent_id` may be null. */
function bodyCheck(mode: 'create' | 'update'): Check {
  const fields = Object.entries(fieldChecks).map(([field, check]) => [
    field,
    { check, required: mode === 'create' && (field === 'name' || field === 'question') },
  ]);
  return objectOf({
    ...Object.fromEntries(fields),
    agent_id: { check: nullable(isString), required: false },
  });
}

const bodyChecks = { create: bodyCheck('create'), update: bodyCheck('update') };

/**
 * Reads a create (`name` and `question` required) or update (every field optional) body as
 * Bolna's FastAPI does before its handler runs: every problem, at `loc`. Unknown fields are
 * ignored. A null `objective_options` is none; a missing `sub_options` is none.
 */
export function readDispositionBody(
  body: unknown,
  loc: Loc,
  mode: 'create' | 'update',
): DispositionBody | { issues: ValidationIssue[] } {
  if (body === undefined) return { issues: [issue(loc, 'Field required', 'missing')] };
  const issues = bodyChecks[mode](body, loc);
  if (issues.length > 0 || !isRecord(body)) return { issues };
  const fields: Record<string, unknown> = {};
  for (const field of Object.keys(fieldChecks)) {
    if (body[field] !== undefined) fields[field] = structuredClone(body[field]);
  }
  if ('objective_options' in fields) fields.objective_options = toOptions(fields.objective_options);
  if (isRecord(fields.subjective_type_config)) {
    const { pattern, description } = fields.subjective_type_config;
    fields.subjective_type_config = { pattern, description: description ?? null };
  }
  const agentId = typeof body.agent_id === 'string' ? body.agent_id : undefined;
  return { fields: fields as Partial<DispositionFieldsWire>, agentId };
}

function toOptions(value: unknown): ObjectiveOptionWire[] {
  if (!Array.isArray(value)) return [];
  return value.map(({ value: optionValue, condition, sub_options }) => ({
    value: optionValue,
    condition,
    sub_options: toOptions(sub_options),
  }));
}

const rules: readonly {
  field: string;
  isBroken: (disposition: DispositionFieldsWire) => boolean;
  msg: string;
}[] = [
  {
    field: 'is_subjective',
    isBroken: (disposition) => !disposition.is_subjective && !disposition.is_objective,
    msg: 'Value error, at least one of is_subjective or is_objective must be true',
  },
  {
    field: 'objective_options',
    isBroken: (disposition) => disposition.is_objective && disposition.objective_options.length === 0,
    msg: 'Value error, objective_options must not be empty when is_objective is true',
  },
  {
    field: 'subjective_type_config',
    isBroken: (disposition) => disposition.subjective_type === 'regex' && !disposition.subjective_type_config,
    msg: 'Value error, subjective_type_config.pattern is required when subjective_type is regex',
  },
];

/**
 * Bolna's three rules over the disposition a create or an update would leave (422 `value_error`):
 * one of is_subjective/is_objective; options when objective; a pattern for regex.
 */
export function checkDispositionRules(disposition: DispositionFieldsWire, loc: Loc): ValidationIssue[] {
  return rules
    .filter((rule) => rule.isBroken(disposition))
    .map((rule) => issue([...loc, rule.field], rule.msg, 'value_error'));
}

/** Bolna's defaults for what a create leaves out. */
const dispositionDefaults: Omit<DispositionFieldsWire, 'name' | 'question'> = {
  system_prompt: null,
  category: 'General',
  model: 'gpt-4.1-mini',
  is_subjective: false,
  is_objective: false,
  subjective_type: 'text',
  subjective_type_config: null,
  objective_options: [],
};

/**
 * A create body (or one bulk item) as the disposition it makes: its fields over Bolna's
 * defaults, every field problem or else every broken rule at `loc`.
 */
export function readNewDisposition(
  body: unknown,
  loc: Loc,
): { fields: DispositionFieldsWire; agentId: string | undefined } | { issues: ValidationIssue[] } {
  const read = readDispositionBody(body, loc, 'create');
  if ('issues' in read) return read;
  // The check above proved name and question present.
  const fields = { ...dispositionDefaults, ...read.fields } as DispositionFieldsWire;
  const broken = checkDispositionRules(fields, loc);
  return broken.length > 0 ? { issues: broken } : { fields, agentId: read.agentId };
}

/** A new disposition of this account, made now. */
export function toNewDisposition(
  fields: DispositionFieldsWire,
  meta: Pick<DispositionWire, 'id' | 'agent_ids' | 'created_by'>,
  now: Date,
): DispositionWire {
  const at = now.toISOString();
  return { ...meta, ...fields, created_at: at, updated_at: at };
}
