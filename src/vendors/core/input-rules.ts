import { InvalidInputError } from '../../domain/errors.js';
import type { Vendor } from '../../domain/vendor.js';

/**
 * The gateway's rules for the values of a write's input, declared once per field and read three
 * ways: to check an input before any call ({@link findInputProblem}), to build the vendor's body
 * from the fields given ({@link toWireFields}), and to map a vendor's rejection of a field back
 * to the input path ({@link toInputPath}). GraphQL has already checked the types and which
 * fields are required; these rules add what GraphQL cannot say.
 */
export type ValueRule = TextRule | EnumRule | ListRule | ObjectRule | { kind: 'any' };

export interface TextRule {
  kind: 'text';
  /** 1 for a required string: empty is refused. */
  minLength: number;
  maxLength: number | null;
  /** Must be an absolute http or https URL. */
  url?: boolean;
}

export interface EnumRule {
  kind: 'enum';
  /** Values GraphQL accepts that a write may not send (`OTHER`, which stands for a vendor value the gateway does not know). */
  refused: readonly string[];
}

export interface ListRule {
  kind: 'list';
  minItems: number;
  maxItems: number;
  item: ValueRule;
  /** How deep this list may nest inside itself (objective options' sub-options); unlimited when absent. */
  maxDepth?: number;
}

export interface ObjectRule {
  kind: 'object';
  fields: InputFields;
}

/** One field of an input type. */
export interface InputField {
  rule: ValueRule;
  /** The vendor's name for the field; absent when the vendor's body gets it some other way. */
  wire?: string;
  /** The value as the vendor spells it (Bolna's lower-case enums); as given when absent. */
  toWire?: (value: unknown) => unknown;
  /** An explicit null clears the field (sent as JSON null); null on any other field is refused. */
  clearable?: boolean;
}

export type InputFields = Readonly<Record<string, InputField>>;

export function text(maxLength: number | null, { required = false, url = false } = {}): TextRule {
  return { kind: 'text', minLength: required ? 1 : 0, maxLength, url };
}

export function listOf(maxItems: number, item: ValueRule, minItems = 0): ListRule {
  return { kind: 'list', minItems, maxItems, item };
}

export function objectOf(fields: InputFields): ObjectRule {
  return { kind: 'object', fields };
}

/** A value GraphQL's own type already says everything about (a Boolean, an Int, a Float). */
export const anyValue: ValueRule = { kind: 'any' };

/**
 * The first field of `input` that breaks its rule, in the order `fields` declares them, as an
 * InvalidInputError whose `field` is its path under `path` (`input.objectiveOptions.0.value`;
 * an empty `path` for the arguments themselves).
 * Fields left out are not checked; an explicit null is refused unless the field is clearable.
 */
export function findInputProblem(
  input: object,
  fields: InputFields,
  path: string,
  vendor: Vendor,
): InvalidInputError | null {
  const problem = findFieldsProblem(input as Record<string, unknown>, fields, path, []);
  return problem && new InvalidInputError(`${problem.path} ${problem.says}`, vendor, null, problem.path);
}

interface Problem {
  path: string;
  says: string;
}

function findFieldsProblem(
  input: Record<string, unknown>,
  fields: InputFields,
  path: string,
  within: readonly ValueRule[],
): Problem | null {
  for (const [name, field] of Object.entries(fields)) {
    const value = input[name];
    if (value === undefined) continue;
    const at = path === '' ? name : `${path}.${name}`;
    if (value === null) {
      if (field.clearable) continue;
      return { path: at, says: 'cannot be null: leave it out to keep it as it is.' };
    }
    const problem = findValueProblem(value, field.rule, at, within);
    if (problem) return problem;
  }
  return null;
}

function findValueProblem(
  value: unknown,
  rule: ValueRule,
  path: string,
  within: readonly ValueRule[],
): Problem | null {
  switch (rule.kind) {
    case 'text':
      return findTextProblem(String(value), rule, path);
    case 'enum':
      return rule.refused.includes(String(value))
        ? { path, says: `cannot be ${String(value)} in an input.` }
        : null;
    case 'list':
      return findListProblem(value as readonly unknown[], rule, path, within);
    case 'object':
      return findFieldsProblem(value as Record<string, unknown>, rule.fields, path, within);
    case 'any':
      return null;
  }
}

function findTextProblem(value: string, rule: TextRule, path: string): Problem | null {
  if (value.length < rule.minLength) return { path, says: 'must not be empty.' };
  if (rule.maxLength !== null && value.length > rule.maxLength) {
    return { path, says: `must be at most ${rule.maxLength} characters; it has ${value.length}.` };
  }
  if (rule.url && !isWebUrl(value)) return { path, says: 'must be an absolute http or https URL.' };
  return null;
}

function findListProblem(
  items: readonly unknown[],
  rule: ListRule,
  path: string,
  within: readonly ValueRule[],
): Problem | null {
  const depth = within.filter((outer) => outer === rule).length + 1;
  if (rule.maxDepth !== undefined && depth > rule.maxDepth) {
    return { path, says: `nests deeper than ${rule.maxDepth} levels.` };
  }
  if (items.length < rule.minItems || items.length > rule.maxItems) {
    const range = rule.minItems === 0 ? `at most ${rule.maxItems}` : `${rule.minItems} to ${rule.maxItems}`;
    return { path, says: `takes ${range} items; it has ${items.length}.` };
  }
  const inside = [...within, rule];
  for (const [index, item] of items.entries()) {
    const problem = findValueProblem(item, rule.item, `${path}.${index}`, inside);
    if (problem) return problem;
  }
  return null;
}

function isWebUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/**
 * The fields given (an explicit null included) under the vendor's names, nested objects and
 * lists of objects too; fields without a `wire` name are left for the caller.
 */
export function toWireFields(input: object, fields: InputFields): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined || field.wire === undefined) continue;
    wire[field.wire] = value === null ? null : toWireValue(value, field);
  }
  return wire;
}

function toWireValue(value: unknown, field: InputField): unknown {
  const { rule } = field;
  if (field.toWire) return field.toWire(value);
  if (rule.kind === 'object') return toWireFields(value as object, rule.fields);
  if (rule.kind === 'list' && rule.item.kind === 'object') {
    const { fields } = rule.item;
    return (value as readonly object[]).map((item) => toWireFields(item, fields));
  }
  return value;
}

/**
 * A vendor's path to a field it rejected (`["objective_options", 0, "value"]`) as the input's
 * path (`input.objectiveOptions.0.value`): as deep as the vendor's names are known, so an
 * unknown name ends the path where it stood.
 */
export function toInputPath(
  wirePath: readonly (string | number)[],
  fields: InputFields,
  prefix: string,
): string {
  const parts = [prefix];
  let current: InputFields | null = fields;
  let list: ListRule | null = null;
  for (const part of wirePath) {
    if (typeof part === 'number') {
      if (!list) break;
      parts.push(String(part));
      current = list.item.kind === 'object' ? list.item.fields : null;
      list = null;
      continue;
    }
    const found: [string, InputField] | null = current ? findByWireName(current, part) : null;
    if (!found) break;
    const name: string = found[0];
    const rule: ValueRule = found[1].rule;
    parts.push(name);
    current = rule.kind === 'object' ? rule.fields : null;
    list = rule.kind === 'list' ? rule : null;
  }
  return parts.join('.');
}

function findByWireName(fields: InputFields, wire: string): [string, InputField] | null {
  return Object.entries(fields).find(([, field]) => field.wire === wire) ?? null;
}
