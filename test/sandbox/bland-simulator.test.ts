import { describe, expect, it } from 'vitest';
import type { PersonaVersionWire, PersonaWire } from '../../src/sandbox/bland/wire.js';
import { blandAccount, sandboxKeys, seedPersonas } from '../../src/sandbox/seed.js';
import { startSandbox } from '../../src/sandbox/start-sandbox.js';
import { createSimulatorClient, isoMillisPattern, useFreshSandbox, uuidPattern } from './simulator-client.js';

const supportId = '11111111-1111-4111-8111-111111111111';
const salesId = '22222222-2222-4222-8222-222222222222';
const noDraftId = '33333333-3333-4333-8333-333333333333';
const [support, sales, noDraft] = seedPersonas as [PersonaWire, PersonaWire, PersonaWire];
const userId = blandAccount.userId;

const sandbox = useFreshSandbox();
const bland = (
  method: string,
  path: string,
  request?: Parameters<ReturnType<typeof createSimulatorClient>>[2],
) =>
  createSimulatorClient(sandbox().bland.baseUrl, { authorization: sandboxKeys.bland })(method, path, request);

const ok = (data: unknown) => ({ status: 200, body: { data, errors: null } });
const failed = (status: number, error: string, message: string, details?: Record<string, unknown>) => ({
  status,
  body: { data: null, errors: [{ error, message, ...(details ? { details } : {}) }] },
});
const notFound = (personaId: string) =>
  failed(404, 'PERSONA_NOT_FOUND', 'Persona not found', { persona_id: personaId });
const numbersNotFound = failed(404, 'PERSONA_NOT_FOUND', 'Persona not found or access denied');
const number = (phoneNumber: string, personaId: string, label: string | null = null) => ({
  phone_number: phoneNumber,
  label,
  persona_id: personaId,
  persona_settings: null,
});

async function data<T>(method: string, path: string, json?: unknown): Promise<T> {
  const answer = await bland(method, path, json === undefined ? {} : { json });
  expect(answer.status).toBe(200);
  return (answer.body as { data: T }).data;
}

describe('Bland simulator: the key and the routes', () => {
  it.each([
    ['a wrong key', { authorization: 'sk-wrong' }],
    ['the key as a Bearer token', { authorization: `Bearer ${sandboxKeys.bland}` }],
    ['no key', {}],
  ])('answers 401 AUTH_FAILURE to %s', async (_, headers) => {
    expect(await bland('GET', `/v1/personas/${supportId}`, { headers })).toEqual(
      failed(401, 'AUTH_FAILURE', 'Unauthorized'),
    );
  });

  it.each([
    ['GET', '/v1/persona'],
    ['PUT', `/v1/personas/${supportId}`],
    ['GET', '/v2/personas'],
    ['DELETE', '/v1/personas/'],
  ])('answers %s %s with the 404 NOT_FOUND envelope', async (method, path) => {
    expect(await bland(method, path)).toEqual(failed(404, 'NOT_FOUND', 'Route not found'));
  });

  it('answers a body that is not JSON with 400 INVALID_REQUEST', async () => {
    expect(await bland('POST', '/v1/personas', { rawBody: '{"name": ' })).toEqual(
      failed(400, 'INVALID_REQUEST', 'Request body must be valid JSON'),
    );
  });

  it('answers a body over 1 MiB with 413 and creates nothing', async () => {
    const answer = await bland('POST', '/v1/personas', { json: { name: 'x'.repeat(1024 * 1024) } });
    expect(answer).toEqual(failed(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large'));
    expect(await data('GET', '/v1/personas')).toEqual([support, sales, noDraft]);
  });
});

describe('Bland simulator: reads', () => {
  it('gets a persona with its numbers and both current versions', async () => {
    expect(await bland('GET', `/v1/personas/${salesId}`)).toEqual(
      ok({
        id: salesId,
        name: 'Sales Agent',
        role: 'Sales representative',
        description: 'Qualifies inbound sales leads',
        tags: ['sales', 'inbound'],
        image_url: null,
        created_at: '2025-09-25T10:00:00.000Z',
        updated_at: '2025-09-25T10:00:00.000Z',
        deleted_at: null,
        user_id: userId,
        current_production_version_id: '22222222-2222-4222-8222-000000000001',
        current_draft_version_id: '22222222-2222-4222-8222-000000000002',
        inbound_numbers: [number('+15551234567', salesId, 'Main line'), number('+15551234568', salesId)],
        current_production_version: {
          id: '22222222-2222-4222-8222-000000000001',
          persona_id: salesId,
          version_type: 'production',
          version_number: 1,
          orchestration_prompt: 'Ask for the budget before offering a demo.',
          personality_prompt: 'You are an upbeat sales representative.',
          pathway_conditions: null,
          kb_ids: ['kb-pricing'],
          call_config: null,
          default_tools: [],
          promoted_from_version_id: null,
          promoted_at: '2025-09-25T10:00:00.000Z',
          promoted_by: null,
          created_at: '2025-09-25T10:00:00.000Z',
          updated_at: '2025-09-25T10:00:00.000Z',
        },
        current_draft_version: {
          id: '22222222-2222-4222-8222-000000000002',
          persona_id: salesId,
          version_type: 'draft',
          version_number: 2,
          orchestration_prompt: 'Ask for the budget before offering a demo.',
          personality_prompt: 'You are an upbeat sales representative.',
          pathway_conditions: null,
          kb_ids: ['kb-pricing'],
          call_config: null,
          default_tools: [],
          promoted_from_version_id: null,
          promoted_at: null,
          promoted_by: null,
          created_at: '2025-09-25T10:00:00.000Z',
          updated_at: '2025-09-25T10:00:00.000Z',
        },
      }),
    );
  });

  it('gets the seed personas as seeded: Support Agent with a draft, No Draft without one', async () => {
    expect(await bland('GET', `/v1/personas/${supportId}`)).toEqual(ok(support));
    expect(await bland('GET', `/v1/personas/${noDraftId}`)).toEqual(ok(noDraft));
    expect(noDraft.current_draft_version).toBeNull();
    expect(support.current_draft_version?.version_number).toBe(2);
  });

  it('answers 404 PERSONA_NOT_FOUND with details.persona_id for any other id', async () => {
    const id = '99999999-9999-4999-8999-999999999999';
    expect(await bland('GET', `/v1/personas/${id}`)).toEqual(notFound(id));
  });

  it('lists personas in creation order with their numbers: page 1 of 20 by default', async () => {
    expect(await bland('GET', '/v1/personas')).toEqual(ok([support, sales, noDraft]));
  });

  it.each([
    ['page=1&limit=1', [support]],
    ['page=2&limit=1', [sales]],
    ['page=2&limit=2', [noDraft]],
    ['page=4&limit=1', []],
    ['limit=100', [support, sales, noDraft]],
  ])('pages with %s', async (query, personas) => {
    expect(await bland('GET', `/v1/personas?${query}`)).toEqual(ok(personas));
  });

  it.each([
    ['limit=101', 'limit', 'limit must be an integer from 1 to 100'],
    ['limit=0', 'limit', 'limit must be an integer from 1 to 100'],
    ['limit=ten', 'limit', 'limit must be an integer from 1 to 100'],
    ['page=0', 'page', 'page must be a positive integer'],
    ['page=-1', 'page', 'page must be a positive integer'],
    ['page=1.5', 'page', 'page must be a positive integer'],
  ])('refuses %s with 400 INVALID_PARAMETER naming the field', async (query, field, message) => {
    expect(await bland('GET', `/v1/personas?${query}`)).toEqual(
      failed(400, 'INVALID_PARAMETER', message, { field }),
    );
  });

  it('lists every version of a persona', async () => {
    expect(await bland('GET', `/v1/personas/${supportId}/versions`)).toEqual(
      ok([support.current_production_version, support.current_draft_version]),
    );
    expect(await bland('GET', `/v1/personas/${noDraftId}/versions`)).toEqual(
      ok([noDraft.current_production_version]),
    );
  });
});

describe('Bland simulator: create', () => {
  const versionFields = {
    personality_prompt: 'You are Blandie.',
    orchestration_prompt: 'Greet, then help.',
    kb_ids: ['kb-1'],
    call_config: { voice: 'maya', record: true, max_duration: 12 },
    pathway_conditions: [
      {
        name: 'Billing',
        prompt: 'Billing questions',
        pathway_id: 'pw-1',
        pathway_version: '3',
        start_node_id: 'n1',
      },
    ],
  };

  it('makes production version 1 and draft version 2 with the version fields, and answers without inbound_numbers', async () => {
    const answer = await bland('POST', '/v1/personas', {
      json: {
        name: 'Blandie',
        role: 'Greeter',
        tags: ['new'],
        image_url: 'https://example.com/b.png',
        ...versionFields,
      },
    });
    const created = (answer.body as { data: PersonaWire }).data;
    expect(created.id).toMatch(uuidPattern);
    expect(created.created_at).toMatch(isoMillisPattern);
    const at = created.created_at;
    const version = (type: 'production' | 'draft', versionNumber: number, id: string | null) => ({
      id,
      persona_id: created.id,
      version_type: type,
      version_number: versionNumber,
      default_tools: [],
      ...versionFields,
      promoted_from_version_id: null,
      promoted_at: type === 'production' ? at : null,
      promoted_by: null,
      created_at: at,
      updated_at: at,
    });
    const persona = {
      id: created.id,
      name: 'Blandie',
      role: 'Greeter',
      description: null,
      tags: ['new'],
      image_url: 'https://example.com/b.png',
      created_at: at,
      updated_at: at,
      deleted_at: null,
      user_id: userId,
      current_production_version_id: created.current_production_version_id,
      current_draft_version_id: created.current_draft_version_id,
      current_production_version: version('production', 1, created.current_production_version_id),
      current_draft_version: version('draft', 2, created.current_draft_version_id),
    };
    expect(answer).toEqual(ok(persona));
    expect(created.current_production_version_id).not.toBe(created.current_draft_version_id);
    expect(await bland('GET', `/v1/personas/${created.id}`)).toEqual(ok({ ...persona, inbound_numbers: [] }));
    expect(await bland('GET', '/v1/personas?page=2&limit=3')).toEqual(
      ok([{ ...persona, inbound_numbers: [] }]),
    );
  });

  it('gives a persona made with a name only empty versions', async () => {
    const created = await data<PersonaWire>('POST', '/v1/personas', { name: 'Bare' });
    expect(created.current_draft_version).toEqual({
      id: created.current_draft_version_id,
      persona_id: created.id,
      version_type: 'draft',
      version_number: 2,
      orchestration_prompt: null,
      personality_prompt: null,
      pathway_conditions: null,
      kb_ids: [],
      call_config: null,
      default_tools: [],
      promoted_from_version_id: null,
      promoted_at: null,
      promoted_by: null,
      created_at: created.created_at,
      updated_at: created.created_at,
    });
  });

  it.each([
    [{}, 'name', 'name is required and must be a non-empty string'],
    [{ name: '' }, 'name', 'name is required and must be a non-empty string'],
    [{ name: 7 }, 'name', 'name is required and must be a non-empty string'],
    [{ name: 'A', tags: 'x' }, 'tags', 'tags must be a list of strings'],
    [{ name: 'A', kb_ids: [1] }, 'kb_ids', 'kb_ids must be a list of strings'],
    [{ name: 'A', call_config: [] }, 'call_config', 'call_config must be an object'],
    [{ name: 'A', personality_prompt: null }, 'personality_prompt', 'personality_prompt must be a string'],
    [
      { name: 'A', pathway_conditions: [{ name: 'x' }] },
      'pathway_conditions',
      'pathway_conditions must be a list of objects with name, prompt, pathway_id, pathway_version, start_node_id',
    ],
    [[], 'body', 'Request body must be a JSON object'],
  ])('refuses %j with 400 VALIDATION_ERROR naming %s, and creates nothing', async (json, field, message) => {
    expect(await bland('POST', '/v1/personas', { json })).toEqual(
      failed(400, 'VALIDATION_ERROR', message, { field }),
    );
    expect(await data('GET', '/v1/personas')).toEqual([support, sales, noDraft]);
  });
});

describe('Bland simulator: update and promote (the version rules)', () => {
  it('changes persona fields at once and lands version fields on the existing draft', async () => {
    const updated = await data<PersonaWire>('PATCH', `/v1/personas/${supportId}`, {
      name: 'Support Agent 2',
      role: null,
      tags: ['support', 'tier-2'],
      personality_prompt: 'Be brief.',
      kb_ids: ['kb-a', 'kb-b'],
    });
    const at = updated.updated_at;
    expect(at).toMatch(isoMillisPattern);
    expect(updated).toEqual({
      ...support,
      name: 'Support Agent 2',
      role: null,
      tags: ['support', 'tier-2'],
      updated_at: at,
      current_draft_version: {
        ...support.current_draft_version,
        personality_prompt: 'Be brief.',
        kb_ids: ['kb-a', 'kb-b'],
        updated_at: at,
      },
    });
    expect(await bland('GET', `/v1/personas/${supportId}`)).toEqual(ok(updated));
  });

  it('clears description and image_url with null and keeps what the body leaves out', async () => {
    const updated = await data<PersonaWire>('PATCH', `/v1/personas/${supportId}`, {
      name: 'Support Agent',
      description: null,
      image_url: null,
      orchestration_prompt: null,
    });
    expect(updated).toEqual({
      ...support,
      description: null,
      updated_at: updated.updated_at,
      current_draft_version: { ...support.current_draft_version, updated_at: updated.updated_at },
    });
  });

  it('makes a draft (the next number, copying production) for a persona without one, and only for version fields', async () => {
    const renamed = await data<PersonaWire>('PATCH', `/v1/personas/${noDraftId}`, { name: 'Still No Draft' });
    expect(renamed).toEqual({ ...noDraft, name: 'Still No Draft', updated_at: renamed.updated_at });
    expect(await bland('POST', `/v1/personas/${noDraftId}/versions/promote`)).toEqual(
      failed(400, 'NO_DRAFT_VERSION', 'Persona has no draft version to promote', { persona_id: noDraftId }),
    );

    const updated = await data<PersonaWire>('PATCH', `/v1/personas/${noDraftId}`, {
      name: 'No Draft',
      orchestration_prompt: 'Transfer billing calls.',
    });
    const draft = updated.current_draft_version as PersonaVersionWire;
    expect(draft.id).toMatch(uuidPattern);
    expect(updated).toEqual({
      ...noDraft,
      updated_at: updated.updated_at,
      current_draft_version_id: draft.id,
      current_draft_version: {
        ...noDraft.current_production_version,
        id: draft.id,
        version_type: 'draft',
        version_number: 2,
        orchestration_prompt: 'Transfer billing calls.',
        promoted_at: null,
        created_at: updated.updated_at,
        updated_at: updated.updated_at,
      },
    });
  });

  it('promotes the draft into a new production version, archives the old one and keeps the draft; again makes another', async () => {
    const promoted = await data<PersonaWire>('POST', `/v1/personas/${supportId}/versions/promote`);
    const at = promoted.updated_at;
    const production = promoted.current_production_version as PersonaVersionWire;
    const draft = support.current_draft_version as PersonaVersionWire;
    const third = {
      ...draft,
      id: production.id,
      version_type: 'production',
      version_number: 3,
      promoted_from_version_id: draft.id,
      promoted_at: at,
      created_at: at,
      updated_at: at,
    };
    expect(promoted).toEqual({
      ...support,
      updated_at: at,
      current_production_version_id: production.id,
      current_production_version: third,
      current_draft_version: draft,
    });
    const archivedFirst = { ...support.current_production_version, version_type: 'archived', updated_at: at };
    expect(await bland('GET', `/v1/personas/${supportId}/versions`)).toEqual(
      ok([archivedFirst, draft, third]),
    );

    const again = await data<PersonaWire>('POST', `/v1/personas/${supportId}/versions/promote`);
    const fourth = again.current_production_version as PersonaVersionWire;
    expect(fourth).toEqual({
      ...third,
      id: fourth.id,
      version_number: 4,
      promoted_at: again.updated_at,
      created_at: again.updated_at,
      updated_at: again.updated_at,
    });
    expect(await data('GET', `/v1/personas/${supportId}/versions`)).toEqual([
      archivedFirst,
      draft,
      { ...third, version_type: 'archived', updated_at: again.updated_at },
      fourth,
    ]);
  });

  it('promotes what an update put on the draft', async () => {
    const updated = await data<PersonaWire>('PATCH', `/v1/personas/${noDraftId}`, {
      name: 'No Draft',
      personality_prompt: 'New voice.',
    });
    const draft = updated.current_draft_version as PersonaVersionWire;
    const promoted = await data<PersonaWire>('POST', `/v1/personas/${noDraftId}/versions/promote`);
    const at = promoted.updated_at;
    const production = promoted.current_production_version as PersonaVersionWire;
    expect(promoted).toEqual({
      ...updated,
      updated_at: at,
      current_production_version_id: production.id,
      current_production_version: {
        ...draft,
        id: production.id,
        version_type: 'production',
        version_number: 3,
        promoted_from_version_id: draft.id,
        promoted_at: at,
        created_at: at,
        updated_at: at,
      },
    });
    expect(production.personality_prompt).toBe('New voice.');
  });

  it('answers update and promote of an unknown persona with 404, and an update without name with 400', async () => {
    const id = '99999999-9999-4999-8999-999999999999';
    expect(await bland('PATCH', `/v1/personas/${id}`, { json: { name: 'x' } })).toEqual(notFound(id));
    expect(await bland('POST', `/v1/personas/${id}/versions/promote`)).toEqual(notFound(id));
    expect(await bland('PATCH', `/v1/personas/${supportId}`, { json: { role: 'x' } })).toEqual(
      failed(400, 'VALIDATION_ERROR', 'name is required and must be a non-empty string', { field: 'name' }),
    );
    expect(await bland('GET', `/v1/personas/${supportId}`)).toEqual(ok(support));
  });
});

describe('Bland simulator: numbers and delete', () => {
  const numbersOf = (persona: PersonaWire, inboundNumbers: unknown[], updatedAt: string) => ({
    id: persona.id,
    name: persona.name,
    user_id: userId,
    inbound_numbers: inboundNumbers,
    created_at: persona.created_at,
    updated_at: updatedAt,
  });

  it('attaches an account number and answers the persona with its numbers', async () => {
    const answer = await bland('POST', `/v1/personas/${supportId}/inbound/attach`, {
      json: { inbound_numbers: ['+15557654321'] },
    });
    const updatedAt = (answer.body as { data: { updated_at: string } }).data.updated_at;
    expect(updatedAt).toMatch(isoMillisPattern);
    expect(answer).toEqual(ok(numbersOf(support, [number('+15557654321', supportId)], updatedAt)));
    expect(await bland('GET', `/v1/personas/${supportId}`)).toEqual(
      ok({ ...support, updated_at: updatedAt, inbound_numbers: [number('+15557654321', supportId)] }),
    );
  });

  it('moves a number another persona uses, keeping its label', async () => {
    const moved = await data<{ updated_at: string }>('POST', `/v1/personas/${supportId}/inbound/attach`, {
      inbound_numbers: ['+15551234567'],
    });
    expect(moved).toEqual(
      numbersOf(support, [number('+15551234567', supportId, 'Main line')], moved.updated_at),
    );
    expect(await data('GET', `/v1/personas/${salesId}`)).toEqual({
      ...sales,
      inbound_numbers: [number('+15551234568', salesId)],
    });
  });

  it('refuses numbers that are not the account’s with INVALID_INBOUND_NUMBERS naming them, changing nothing', async () => {
    expect(
      await bland('POST', `/v1/personas/${supportId}/inbound/attach`, {
        json: { inbound_numbers: ['+15557654321', '+15550000000', '+447700900123'] },
      }),
    ).toEqual(
      failed(400, 'INVALID_INBOUND_NUMBERS', 'Some phone numbers were not found or do not belong to you', {
        invalid_numbers: ['+15550000000', '+447700900123'],
      }),
    );
    expect(await bland('GET', `/v1/personas/${supportId}`)).toEqual(ok(support));
  });

  it.each([
    [{}],
    [{ inbound_numbers: [] }],
    [{ inbound_numbers: '+15557654321' }],
    [{ inbound_numbers: [15557654321] }],
  ])('refuses the body %j with 400 VALIDATION_ERROR on inbound_numbers', async (json) => {
    expect(await bland('POST', `/v1/personas/${supportId}/inbound/detach`, { json })).toEqual(
      failed(400, 'VALIDATION_ERROR', 'inbound_numbers must be a non-empty list of phone numbers', {
        field: 'inbound_numbers',
      }),
    );
  });

  it.each(['attach', 'detach'])(
    'answers %s for an unknown persona with 404 and no details',
    async (change) => {
      expect(
        await bland('POST', `/v1/personas/99999999-9999-4999-8999-999999999999/inbound/${change}`, {
          json: { inbound_numbers: ['+15551234567'] },
        }),
      ).toEqual(numbersNotFound);
    },
  );

  it('refuses to delete a persona in use, detaches its numbers for good, then deletes it without force', async () => {
    expect(await bland('DELETE', `/v1/personas/${salesId}`)).toEqual(
      failed(409, 'PERSONA_IN_USE', 'Cannot delete persona that is currently in use by phone numbers', {
        persona_id: salesId,
        phone_numbers_using: ['+15551234567', '+15551234568'],
        suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
      }),
    );
    const first = await data<{ updated_at: string }>('POST', `/v1/personas/${salesId}/inbound/detach`, {
      inbound_numbers: ['+15551234567', '+15557654321'],
    });
    expect(first).toEqual(numbersOf(sales, [number('+15551234568', salesId)], first.updated_at));
    expect(await bland('DELETE', `/v1/personas/${salesId}?force=false`)).toEqual(
      failed(409, 'PERSONA_IN_USE', 'Cannot delete persona that is currently in use by phone numbers', {
        persona_id: salesId,
        phone_numbers_using: ['+15551234568'],
        suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
      }),
    );
    const second = await data<{ updated_at: string }>('POST', `/v1/personas/${salesId}/inbound/detach`, {
      inbound_numbers: ['+15551234568'],
    });
    expect(second).toEqual(numbersOf(sales, [], second.updated_at));
    expect(await bland('GET', `/v1/personas/${salesId}`)).toEqual(
      ok({ ...sales, updated_at: second.updated_at, inbound_numbers: [] }),
    );
    expect(await bland('DELETE', `/v1/personas/${salesId}`)).toEqual(
      ok({ success: true, message: 'Persona deleted successfully' }),
    );
    expect(await bland('GET', `/v1/personas/${salesId}`)).toEqual(notFound(salesId));
    expect(await bland('DELETE', `/v1/personas/${salesId}`)).toEqual(notFound(salesId));
  });

  it('deletes a persona in use with force=true and frees its numbers', async () => {
    expect(await bland('DELETE', `/v1/personas/${salesId}?force=true`)).toEqual(
      ok({ success: true, message: 'Persona deleted successfully' }),
    );
    expect(await data('GET', '/v1/personas')).toEqual([support, noDraft]);
    const attached = await data<{ updated_at: string }>('POST', `/v1/personas/${noDraftId}/inbound/attach`, {
      inbound_numbers: ['+15551234568', '+15551234567', '+15551234568'],
    });
    expect(attached).toEqual(
      numbersOf(
        noDraft,
        [number('+15551234567', noDraftId, 'Main line'), number('+15551234568', noDraftId)],
        attached.updated_at,
      ),
    );
  });
});

describe('Bland simulator: restart', () => {
  it('starts from the seed again: a new startSandbox forgets every change', async () => {
    await data('DELETE', `/v1/personas/${supportId}`);
    await data('POST', '/v1/personas', { name: 'Temporary' });
    await data('POST', `/v1/personas/${noDraftId}/inbound/attach`, { inbound_numbers: ['+15557654321'] });
    expect(await data<PersonaWire[]>('GET', '/v1/personas')).toHaveLength(3);

    const restarted = await startSandbox();
    try {
      const client = createSimulatorClient(restarted.bland.baseUrl, { authorization: sandboxKeys.bland });
      expect(await client('GET', '/v1/personas')).toEqual(ok([support, sales, noDraft]));
    } finally {
      await restarted.close();
    }
  });
});
