import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DispositionWire } from '../../src/sandbox/bolna/wire.js';
import { bolnaAccount, sandboxKeys, seedDispositions } from '../../src/sandbox/seed.js';
import { startSandbox } from '../../src/sandbox/start-sandbox.js';
import {
  createSimulatorClient,
  isoMillisPattern,
  type SimulatorRequest,
  useFreshSandbox,
  uuidPattern,
} from './simulator-client.js';

const callOutcomeId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const othersId = '44444444-4444-4444-8444-444444444444';
const leadQualityId = '55555555-5555-4555-8555-555555555555';
const firstAgent = 'aaaaaaaa-0000-4000-8000-000000000001';
const secondAgent = 'aaaaaaaa-0000-4000-8000-000000000002';
const unknownId = '0b7c2f4e-5d1a-4c3b-9e8f-7a6b5c4d3e2f';
const [callOutcome, , leadQuality] = seedDispositions as [DispositionWire, DispositionWire, DispositionWire];

const createLagMs = 200;
const sandbox = useFreshSandbox({ createLagMs });
const bolna = (method: string, path: string, request?: SimulatorRequest) =>
  createSimulatorClient(sandbox().bolna.baseUrl, { authorization: `Bearer ${sandboxKeys.bolna}` })(
    method,
    path,
    request,
  );
/** Waits out the create lag once: every later read finds what was created before it. */
const afterCreateLag = () => sleep(createLagMs + 50);

const answer = (status: number, body: unknown) => ({ status, body });
const error = (status: number, message: string) => answer(status, { error: status, message });
const notFound = error(404, 'Disposition not found');
const agentForbidden = error(403, 'Agent not found or access denied');
const invalid = (...detail: { loc: (string | number)[]; msg: string; type: string }[]) =>
  answer(422, { detail });
const ruleBroken = (loc: (string | number)[], msg: string) => ({ loc, msg, type: 'value_error' });
const neitherKind = 'Value error, at least one of is_subjective or is_objective must be true';
const noOptions = 'Value error, objective_options must not be empty when is_objective is true';
const noPattern = 'Value error, subjective_type_config.pattern is required when subjective_type is regex';

async function createOne(json: Record<string, unknown>): Promise<string> {
  const created = await bolna('POST', '/dispositions/', { json });
  expect(created).toEqual(
    answer(201, { message: 'Disposition created successfully', id: expect.stringMatching(uuidPattern) }),
  );
  return (created.body as { id: string }).id;
}

async function read(id: string): Promise<DispositionWire> {
  const got = await bolna('GET', `/dispositions/${id}`);
  expect(got.status).toBe(200);
  return got.body as DispositionWire;
}

describe('Bolna simulator: the key and the routes', () => {
  it.each([
    ['a wrong key', { authorization: 'Bearer bn-wrong' }],
    ['the raw key without Bearer', { authorization: sandboxKeys.bolna }],
    ['no key', {}],
  ])("answers 403 with FastAPI's detail to %s", async (_, headers) => {
    expect(await bolna('GET', '/dispositions/', { headers })).toEqual(
      answer(403, { detail: 'Invalid or expired API key' }),
    );
  });

  it.each([
    ['GET', '/dispositions'],
    ['POST', '/dispositions'],
    ['PATCH', `/dispositions/${callOutcomeId}`],
    ['GET', '/v1/dispositions/'],
  ])('answers %s %s with 404 Not Found', async (method, path) => {
    expect(await bolna(method, path)).toEqual(answer(404, { detail: 'Not Found' }));
  });

  it('answers a body that is not JSON with a 422 json_invalid', async () => {
    expect(await bolna('POST', '/dispositions/', { rawBody: '{"name": ' })).toEqual(
      invalid({ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }),
    );
  });

  it('answers a body over 1 MiB with 413', async () => {
    expect(
      await bolna('POST', '/dispositions/', { json: { name: 'x'.repeat(1024 * 1024), question: 'q' } }),
    ).toEqual(error(413, 'Request body is too large'));
  });
});

describe('Bolna simulator: reads', () => {
  it("lists the account's own dispositions without agent_id, leaving out the global one", async () => {
    expect(await bolna('GET', '/dispositions/')).toEqual(answer(200, { user_owned: [callOutcome] }));
  });

  it("lists an agent's own and its global dispositions with agent_id", async () => {
    expect(await bolna('GET', `/dispositions/?agent_id=${firstAgent}`)).toEqual(
      answer(200, { agent_dispositions: [callOutcome], global_dispositions: [leadQuality] }),
    );
    expect(await bolna('GET', `/dispositions/?agent_id=${secondAgent}`)).toEqual(
      answer(200, { agent_dispositions: [], global_dispositions: [leadQuality] }),
    );
  });

  it('refuses an agent that is not the account’s with 403', async () => {
    expect(await bolna('GET', '/dispositions/?agent_id=agt_abc123')).toEqual(agentForbidden);
    expect(await bolna('GET', `/dispositions/${callOutcomeId}?agent_id=agt_abc123`)).toEqual(agentForbidden);
  });

  it('gets an own disposition and a global one as Bolna writes them', async () => {
    expect(await bolna('GET', `/dispositions/${callOutcomeId}`)).toEqual(
      answer(200, {
        id: callOutcomeId,
        name: 'Call Outcome',
        question: 'What was the outcome of the call?',
        system_prompt: 'You are analyzing a sales call transcript.',
        category: 'Sales',
        model: 'gpt-4.1-mini',
        is_subjective: true,
        is_objective: true,
        subjective_type: 'text',
        subjective_type_config: null,
        objective_options: [
          {
            value: 'interested',
            condition: 'Customer expressed genuine interest and agreed to a next step',
            sub_options: [],
          },
          { value: 'not_interested', condition: 'Customer declined any next step', sub_options: [] },
        ],
        agent_ids: [firstAgent],
        created_by: bolnaAccount.userId,
        created_at: '2026-03-01T10:00:00.000Z',
        updated_at: '2026-03-15T14:30:00.000Z',
      }),
    );
    expect(await bolna('GET', `/dispositions/${leadQualityId}?agent_id=${secondAgent}`)).toEqual(
      answer(200, leadQuality),
    );
  });

  it("refuses another account's disposition with 403 and answers any other id with 404", async () => {
    expect(await bolna('GET', `/dispositions/${othersId}`)).toEqual(
      error(403, 'You do not have access to this disposition'),
    );
    expect(await bolna('GET', `/dispositions/${unknownId}`)).toEqual(notFound);
  });
});

describe('Bolna simulator: create and the create lag', () => {
  it('answers 201 with the id only; the disposition answers 404 and is left out of lists until the lag is over', async () => {
    const id = await createOne({
      name: 'Callback',
      question: 'Was a callback asked for?',
      is_subjective: true,
      agent_id: secondAgent,
    });
    expect(await bolna('GET', `/dispositions/${id}`)).toEqual(notFound);
    expect(await bolna('PUT', `/dispositions/${id}`, { json: { name: 'x' } })).toEqual(notFound);
    expect(await bolna('GET', `/dispositions/?agent_id=${secondAgent}`)).toEqual(
      answer(200, { agent_dispositions: [], global_dispositions: [leadQuality] }),
    );
    expect(await bolna('DELETE', `/dispositions/${id}`)).toEqual(notFound);

    await afterCreateLag();
    const created = await read(id);
    expect(created.created_at).toMatch(isoMillisPattern);
    const expected = {
      id,
      name: 'Callback',
      question: 'Was a callback asked for?',
      system_prompt: null,
      category: 'General',
      model: 'gpt-4.1-mini',
      is_subjective: true,
      is_objective: false,
      subjective_type: 'text',
      subjective_type_config: null,
      objective_options: [],
      agent_ids: [secondAgent],
      created_by: bolnaAccount.userId,
      created_at: created.created_at,
      updated_at: created.created_at,
    };
    expect(created).toEqual(expected);
    expect(await bolna('GET', `/dispositions/?agent_id=${secondAgent}`)).toEqual(
      answer(200, { agent_dispositions: [expected], global_dispositions: [leadQuality] }),
    );
    expect(await bolna('GET', '/dispositions/')).toEqual(
      answer(200, { user_owned: [callOutcome, expected] }),
    );
  });

  it('keeps every field it is given, filling in sub_options and the pattern description', async () => {
    const id = await createOne({
      name: 'Phone',
      question: 'What number did they give?',
      category: 'Contact',
      system_prompt: 'Extract the number.',
      model: 'gpt-4.1',
      is_subjective: true,
      is_objective: true,
      subjective_type: 'regex',
      subjective_type_config: { pattern: '^\\d{10}$' },
      objective_options: [
        {
          value: 'given',
          condition: 'A number was given',
          sub_options: [{ value: 'mobile', condition: 'Mobile' }],
        },
      ],
    });
    await afterCreateLag();
    const created = await read(id);
    expect(created).toEqual({
      id,
      name: 'Phone',
      question: 'What number did they give?',
      system_prompt: 'Extract the number.',
      category: 'Contact',
      model: 'gpt-4.1',
      is_subjective: true,
      is_objective: true,
      subjective_type: 'regex',
      subjective_type_config: { pattern: '^\\d{10}$', description: null },
      objective_options: [
        {
          value: 'given',
          condition: 'A number was given',
          sub_options: [{ value: 'mobile', condition: 'Mobile', sub_options: [] }],
        },
      ],
      agent_ids: [],
      created_by: bolnaAccount.userId,
      created_at: created.created_at,
      updated_at: created.created_at,
    });
  });

  it.each([
    [{ name: 'A', question: 'Q' }, [ruleBroken(['body', 'is_subjective'], neitherKind)]],
    [
      { name: 'A', question: 'Q', is_objective: true },
      [ruleBroken(['body', 'objective_options'], noOptions)],
    ],
    [
      { name: 'A', question: 'Q', is_objective: true, objective_options: null },
      [ruleBroken(['body', 'objective_options'], noOptions)],
    ],
    [
      { name: 'A', question: 'Q', is_subjective: true, subjective_type: 'regex' },
      [ruleBroken(['body', 'subjective_type_config'], noPattern)],
    ],
    [
      { name: 'A', question: 'Q', is_subjective: true, subjective_type: 'regex', subjective_type_config: {} },
      [{ loc: ['body', 'subjective_type_config', 'pattern'], msg: 'Field required', type: 'missing' }],
    ],
    [
      { question: 'Q', is_subjective: 'yes' },
      [
        { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'is_subjective'], msg: 'Input should be a valid boolean', type: 'bool_type' },
      ],
    ],
    [
      { name: 'A', question: 'Q', is_subjective: true, subjective_type: 'TEXT' },
      [
        {
          loc: ['body', 'subjective_type'],
          msg: "Input should be 'text', 'timestamp', 'numeric', 'boolean', 'email', 'regex'",
          type: 'enum',
        },
      ],
    ],
    [
      {
        name: 'A',
        question: 'Q',
        is_objective: true,
        objective_options: [{ value: 'v', sub_options: [{ value: 1, condition: 'c' }] }],
      },
      [
        { loc: ['body', 'objective_options', 0, 'condition'], msg: 'Field required', type: 'missing' },
        {
          loc: ['body', 'objective_options', 0, 'sub_options', 0, 'value'],
          msg: 'Input should be a valid string',
          type: 'string_type',
        },
      ],
    ],
    [
      [],
      [
        {
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          type: 'model_attributes_type',
        },
      ],
    ],
  ])('refuses %j with a FastAPI 422 and creates nothing', async (json, detail) => {
    expect(await bolna('POST', '/dispositions/', { json })).toEqual(invalid(...detail));
    await afterCreateLag();
    expect(await bolna('GET', '/dispositions/')).toEqual(answer(200, { user_owned: [callOutcome] }));
  });

  it('refuses a missing body with 422 and an agent that is not the account’s with 403', async () => {
    expect(await bolna('POST', '/dispositions/')).toEqual(
      invalid({ loc: ['body'], msg: 'Field required', type: 'missing' }),
    );
    expect(
      await bolna('POST', '/dispositions/', {
        json: { name: 'A', question: 'Q', is_subjective: true, agent_id: 'agt_abc123' },
      }),
    ).toEqual(agentForbidden);
  });
});

describe('Bolna simulator: bulk create', () => {
  const item = (name: string) => ({ name, question: `${name}?`, is_subjective: true });

  it('creates every one, linked to the agent, and answers their ids in input order', async () => {
    const created = await bolna('POST', '/dispositions/bulk', {
      json: { agent_id: secondAgent, dispositions: [item('First'), item('Second'), item('Third')] },
    });
    expect(created).toEqual(
      answer(201, {
        message: 'Dispositions created successfully',
        ids: [
          expect.stringMatching(uuidPattern),
          expect.stringMatching(uuidPattern),
          expect.stringMatching(uuidPattern),
        ],
      }),
    );
    const { ids } = created.body as { ids: string[] };
    expect(new Set(ids).size).toBe(3);
    expect(await bolna('GET', `/dispositions/${ids[0]}`)).toEqual(notFound);
    await afterCreateLag();
    const names = [];
    for (const id of ids) {
      const disposition = await read(id);
      expect(disposition.agent_ids).toEqual([secondAgent]);
      names.push(disposition.name);
    }
    expect(names).toEqual(['First', 'Second', 'Third']);
  });

  it('creates none when one item breaks a rule, naming it by index', async () => {
    expect(
      await bolna('POST', '/dispositions/bulk', {
        json: {
          agent_id: firstAgent,
          dispositions: [item('Fine'), { name: 'Bad', question: 'Q', is_objective: true }],
        },
      }),
    ).toEqual(invalid(ruleBroken(['body', 'dispositions', 1, 'objective_options'], noOptions)));
    await afterCreateLag();
    expect(await bolna('GET', `/dispositions/?agent_id=${firstAgent}`)).toEqual(
      answer(200, { agent_dispositions: [callOutcome], global_dispositions: [leadQuality] }),
    );
  });

  it.each([
    [
      { agent_id: firstAgent, dispositions: [] },
      [
        {
          loc: ['body', 'dispositions'],
          msg: 'List should have at least 1 item after validation, not 0',
          type: 'too_short',
        },
      ],
    ],
    [{ dispositions: [item('A')] }, [{ loc: ['body', 'agent_id'], msg: 'Field required', type: 'missing' }]],
    [
      { agent_id: firstAgent, dispositions: [{ question: 'Q', is_subjective: true }] },
      [{ loc: ['body', 'dispositions', 0, 'name'], msg: 'Field required', type: 'missing' }],
    ],
  ])('refuses %j with 422', async (json, detail) => {
    expect(await bolna('POST', '/dispositions/bulk', { json })).toEqual(invalid(...detail));
  });

  it('refuses an agent that is not the account’s with 403 and creates none', async () => {
    expect(
      await bolna('POST', '/dispositions/bulk', {
        json: { agent_id: 'agt_abc123', dispositions: [item('A')] },
      }),
    ).toEqual(agentForbidden);
    await afterCreateLag();
    expect(await bolna('GET', '/dispositions/')).toEqual(answer(200, { user_owned: [callOutcome] }));
  });
});

describe('Bolna simulator: update', () => {
  it('updates an own disposition in place and answers 200 with the same id', async () => {
    expect(
      await bolna('PUT', `/dispositions/${callOutcomeId}`, {
        json: { name: 'Outcome', system_prompt: null, agent_id: firstAgent },
      }),
    ).toEqual(answer(200, { message: 'Disposition updated successfully', id: callOutcomeId }));
    const updated = await read(callOutcomeId);
    expect(updated.updated_at).toMatch(isoMillisPattern);
    expect(updated).toEqual({
      ...callOutcome,
      name: 'Outcome',
      system_prompt: null,
      updated_at: updated.updated_at,
    });
    expect(updated.updated_at).not.toBe(callOutcome.updated_at);
  });

  it('copies a disposition shared by two agents when agent_id is given: the copy gets the edit and the agent, the original stays for the other', async () => {
    const copied = await bolna('PUT', `/dispositions/${leadQualityId}`, {
      json: { agent_id: firstAgent, question: 'How hot is this lead?' },
    });
    expect(copied).toEqual(
      answer(201, {
        message: 'Disposition copy created and linked to agent',
        id: expect.stringMatching(uuidPattern),
      }),
    );
    const copyId = (copied.body as { id: string }).id;
    expect(copyId).not.toBe(leadQualityId);
    const original = { ...leadQuality, agent_ids: [secondAgent] };
    expect(await bolna('GET', `/dispositions/${leadQualityId}`)).toEqual(answer(200, original));
    expect(await bolna('GET', `/dispositions/${copyId}`)).toEqual(notFound);

    await afterCreateLag();
    const copy = await read(copyId);
    expect(copy).toEqual({
      ...leadQuality,
      id: copyId,
      question: 'How hot is this lead?',
      agent_ids: [firstAgent],
      created_by: bolnaAccount.userId,
      created_at: copy.created_at,
      updated_at: copy.created_at,
    });
    expect(await bolna('GET', `/dispositions/?agent_id=${firstAgent}`)).toEqual(
      answer(200, { agent_dispositions: [callOutcome, copy], global_dispositions: [] }),
    );
    expect(await bolna('GET', `/dispositions/?agent_id=${secondAgent}`)).toEqual(
      answer(200, { agent_dispositions: [], global_dispositions: [original] }),
    );
  });

  it('refuses to edit the global disposition in place, without agent_id or once it runs on one agent only', async () => {
    const ownerOnly = error(403, 'Only the owner of this disposition can update it');
    expect(await bolna('PUT', `/dispositions/${leadQualityId}`, { json: { name: 'Mine' } })).toEqual(
      ownerOnly,
    );
    expect(
      (await bolna('PUT', `/dispositions/${leadQualityId}`, { json: { name: 'Mine', agent_id: firstAgent } }))
        .status,
    ).toBe(201);
    expect(
      await bolna('PUT', `/dispositions/${leadQualityId}`, { json: { name: 'Mine', agent_id: secondAgent } }),
    ).toEqual(ownerOnly);
    expect(await bolna('GET', `/dispositions/${leadQualityId}`)).toEqual(
      answer(200, { ...leadQuality, agent_ids: [secondAgent] }),
    );
  });

  it.each([[{}], [{ agent_id: firstAgent }], [{ unknown_field: 1 }]])(
    'answers the empty update %j with 400 and changes nothing',
    async (json) => {
      expect(await bolna('PUT', `/dispositions/${callOutcomeId}`, { json })).toEqual(
        error(400, 'No valid fields provided to update'),
      );
      expect(await bolna('GET', `/dispositions/${callOutcomeId}`)).toEqual(answer(200, callOutcome));
    },
  );

  it('checks the rules on the disposition the update would leave', async () => {
    expect(
      await bolna('PUT', `/dispositions/${callOutcomeId}`, {
        json: { is_subjective: false, objective_options: [] },
      }),
    ).toEqual(invalid(ruleBroken(['body', 'objective_options'], noOptions)));
    expect(
      await bolna('PUT', `/dispositions/${callOutcomeId}`, { json: { subjective_type: 'regex' } }),
    ).toEqual(invalid(ruleBroken(['body', 'subjective_type_config'], noPattern)));
    expect(
      await bolna('PUT', `/dispositions/${callOutcomeId}`, {
        json: { is_subjective: false, is_objective: false },
      }),
    ).toEqual(invalid(ruleBroken(['body', 'is_subjective'], neitherKind)));
    expect(await bolna('PUT', `/dispositions/${callOutcomeId}`, { json: { name: null } })).toEqual(
      invalid({ loc: ['body', 'name'], msg: 'Input should be a valid string', type: 'string_type' }),
    );
    expect(await bolna('GET', `/dispositions/${callOutcomeId}`)).toEqual(answer(200, callOutcome));
  });

  it("answers another account's disposition with 403, an unknown one with 404, an unknown agent with 403", async () => {
    expect(await bolna('PUT', `/dispositions/${othersId}`, { json: { name: 'x' } })).toEqual(
      error(403, 'You do not have access to this disposition'),
    );
    expect(await bolna('PUT', `/dispositions/${unknownId}`, { json: { name: 'x' } })).toEqual(notFound);
    expect(
      await bolna('PUT', `/dispositions/${callOutcomeId}`, { json: { name: 'x', agent_id: 'agt_abc123' } }),
    ).toEqual(agentForbidden);
  });
});

describe('Bolna simulator: delete', () => {
  it('deletes an own disposition, which then answers 404', async () => {
    expect(await bolna('DELETE', `/dispositions/${callOutcomeId}`)).toEqual(
      answer(200, { message: 'Disposition deleted successfully', id: callOutcomeId }),
    );
    expect(await bolna('GET', `/dispositions/${callOutcomeId}`)).toEqual(notFound);
    expect(await bolna('DELETE', `/dispositions/${callOutcomeId}`)).toEqual(notFound);
    expect(await bolna('GET', `/dispositions/?agent_id=${firstAgent}`)).toEqual(
      answer(200, { agent_dispositions: [], global_dispositions: [leadQuality] }),
    );
  });

  it.each([othersId, leadQualityId])(
    'refuses to delete %s, which the account does not own, with 403',
    async (id) => {
      expect(await bolna('DELETE', `/dispositions/${id}`)).toEqual(
        error(403, 'Only the owner of this disposition can delete it'),
      );
    },
  );

  it('deletes a created disposition once the create lag is over', async () => {
    const id = await createOne({ name: 'Short-lived', question: 'Q', is_subjective: true });
    await afterCreateLag();
    expect(await bolna('DELETE', `/dispositions/${id}`)).toEqual(
      answer(200, { message: 'Disposition deleted successfully', id }),
    );
    expect(await bolna('GET', `/dispositions/${id}`)).toEqual(notFound);
  });
});

describe('Bolna simulator: restart', () => {
  it('starts from the seed again, and a created disposition waits 2 seconds by default', async () => {
    await bolna('DELETE', `/dispositions/${callOutcomeId}`);
    await bolna('PUT', `/dispositions/${leadQualityId}`, { json: { name: 'Copy', agent_id: firstAgent } });

    const restarted = await startSandbox();
    try {
      const client = createSimulatorClient(restarted.bolna.baseUrl, {
        authorization: `Bearer ${sandboxKeys.bolna}`,
      });
      expect(await client('GET', `/dispositions/?agent_id=${firstAgent}`)).toEqual(
        answer(200, { agent_dispositions: [callOutcome], global_dispositions: [leadQuality] }),
      );
      const created = await client('POST', '/dispositions/', {
        json: { name: 'Later', question: 'Q', is_subjective: true },
      });
      await sleep(createLagMs + 50);
      expect(await client('GET', `/dispositions/${(created.body as { id: string }).id}`)).toEqual(notFound);
    } finally {
      await restarted.close();
    }
  });
});
