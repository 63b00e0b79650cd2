import { isRecord } from '../is-record.js';
import type { SandboxAnswer } from '../router.js';

/** Where a problem is, FastAPI style: `["body", "dispositions", 2, "name"]`. */
export type Loc = readonly (string | number)[];

/** One FastAPI (pydantic) validation problem. */
export interface ValidationIssue {
  loc: Loc;
  msg: string;
  type: string;
}

/** Checks one value at `loc`: no issues means it reads. */
export type Check = (value: unknown, loc: Loc) => ValidationIssue[];

export function issue(loc: Loc, msg: string, type: string): ValidationIssue {
  return { loc, msg, type };
}

/** FastAPI's 422: `{ detail: [{ loc, msg, type }] }`. */
export function validationFailed(issues: readonly ValidationIssue[]): SandboxAnswer {
  return { status: 422, body: { detail: issues } };
}

export const isString: Check = (value, loc) =>
  typeof value === 'string' ? [] : [issue(loc, 'Input should be a valid string', 'string_type')];

export const isBoolean: Check = (value, loc) =>
  typeof value === 'boolean' ? [] : [issue(loc, 'Input should be a valid boolean', 'bool_type')];

export function nullable(check: Check): Check {
  return (value, loc) => (value === null ? [] : check(value, loc));
}

/** A list whose every item passes `item`, with at least `minItems`. */
export function listOf(item: Check, minItems = 0): Check {
  return (value, loc) => {
    if (!Array.isArray(value)) return [issue(loc, 'Input should be a valid list', 'list_type')];
    if (value.length < minItems) {
      return [
        issue(
          loc,
          `List should have at least ${minItems} item after validation, not ${value.length}`,
          'too_short',
        ),
      ];
    }
    return value.flatMap((entry, index) => item(entry, [...loc, index]));
  };
}

export interface FieldSpec {
  check: Check;
  required: boolean;
}

/** An object whose fields pass their specs; an absent field is missing only when required. */
export function objectOf(fields: Record<string, FieldSpec>): Check {
  return (value, loc) => {
    if (!isRecord(value)) {
      return [
        issue(
          loc,
          'Input should be a valid dictionary or object to extract fields from',
          'model_attributes_type',
        ),
      ];
    }
    return Object.entries(fields).flatMap(([field, { check, required }]) => {
      if (value[field] === undefined)
        return required ? [issue([...loc, field], 'Field required', 'missing')] : [];
      return check(value[field], [...loc, field]);
    });
  };
}
