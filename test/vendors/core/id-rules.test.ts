import { describe, expect, it } from 'vitest';
import { blandIdRule } from '../../../src/vendors/bland/ids.js';
import { bolnaIdRule } from '../../../src/vendors/bolna/ids.js';
import { findIdProblem, maxIdLength } from '../../../src/vendors/core/id-rules.js';

const uuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('findIdProblem', () => {
  it('allows ids of up to 128 characters', () => {
    expect(maxIdLength).toBe(128);
  });

  it.each([
    { rule: 'Bland', idRule: blandIdRule },
    { rule: 'Bolna', idRule: bolnaIdRule },
  ])('rejects an empty id for $rule', ({ idRule }) => {
    expect(findIdProblem('', idRule)).toBe('The id is empty.');
  });

  it.each([
    { rule: 'Bland', idRule: blandIdRule, id: 'a'.repeat(129) },
    { rule: 'Bolna', idRule: bolnaIdRule, id: 'a'.repeat(129) },
    { rule: 'Bland', idRule: blandIdRule, id: '/'.repeat(200) },
  ])('rejects a $rule id longer than 128 characters before looking at its characters', ({ idRule, id }) => {
    expect(findIdProblem(id, idRule)).toBe('The id is longer than 128 characters.');
  });

  it.each(['abc', 'A', 'persona_asked-1', 'org_ABC-123_xyz', uuid, 'a'.repeat(128)])(
    'accepts the Bland id %j',
    (id) => {
      expect(findIdProblem(id, blandIdRule)).toBeNull();
    },
  );

  it.each([
    'a/b',
    '../admin',
    'a b',
    'a.b',
    'a%2Fb',
    'a?force=true',
    'a#b',
    'é',
    'abc\n',
    '\tabc',
    'a\u0000b',
  ])('rejects the Bland id %j for its characters', (id) => {
    expect(findIdProblem(id, blandIdRule)).toBe('The id must be letters, digits, "_" and "-".');
  });

  it.each([uuid, uuid.toUpperCase(), '44444444-4444-4444-8444-444444444444'])(
    'accepts the Bolna UUID %j',
    (id) => {
      expect(findIdProblem(id, bolnaIdRule)).toBeNull();
    },
  );

  it.each([
    'not-a-uuid',
    'abc',
    uuid.replaceAll('-', ''),
    `{${uuid}}`,
    `${uuid}\n`,
    ` ${uuid}`,
    `${uuid}0`,
    uuid.slice(0, -1),
    '3fa85f64-5717-4562-b3fc-2c963f66afaG',
    `urn:uuid:${uuid}`,
  ])('rejects the Bolna id %j as not a UUID', (id) => {
    expect(findIdProblem(id, bolnaIdRule)).toBe('The id must be a UUID.');
  });
});
