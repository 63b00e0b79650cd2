import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AuditLog, type AuditRecord, openAuditLog } from '../../src/observability/audit-log.js';
import { createLogger } from '../../src/observability/logger.js';
import {
  type FakeVendor,
  hang,
  json,
  type Reply,
  sequence,
  startFakeVendor,
} from '../helpers/fake-vendor.js';
import { followUpRead, itemPresent } from '../helpers/follow-up.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const blandKey = 'sk-audit-trail-bland-key';
const bolnaKey = 'bn-audit-trail-bolna-key';
const upstreamTimeoutMs = 400;

const personaId = 'persona-audit-1';
const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const otherDispositionId = '44444444-4444-4444-8444-444444444444';

const blandSuccessBody = '{"data":{"success":true,"message":"Persona deleted successfully"},"errors":null}';
const blandNotFoundBody =
  '{"data":null,"errors":[{"error":"PERSONA_NOT_FOUND","message":"Persona not found","details":{"persona_id":"persona-audit-1"}}]}';

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** What every record shares, unless a test says otherwise. */
function expectedRecord(
  fields: Partial<AuditRecord> & Pick<AuditRecord, 'vendor' | 'id' | 'outcome'>,
): AuditRecord {
  return {
    time: expect.stringMatching(isoTime),
    requestId: expect.any(String),
    client: 'anonymous',
    operation: fields.vendor === 'BLAND' ? 'persona.delete' : 'disposition.delete',
    force: fields.vendor === 'BLAND' ? false : null,
    reason: null,
    vendorStatus: null,
    attempts: 1,
    followUp: null,
    redeleteOutcome: null,
    confirmedBy: fields.outcome.endsWith('Success') ? 'VENDOR_ANSWER' : null,
    fromStore: false,
    durationMs: expect.any(Number),
    ...fields,
  };
}

/** Bolna's success body for whatever id the request names. */
function bolnaDeletesAny(): Reply {
  return (request, response) => {
    const id = (request.url ?? '').split('/').pop() ?? '';
    json(200, { message: 'Disposition deleted successfully', id })(request, response);
  };
}

let bland: FakeVendor;
let bolna: FakeVendor;
/** Holds both vendors' keys. */
let gateway: TestGateway;

beforeAll(async () => {
  bland = await startFakeVendor(json(200, blandSuccessBody));
  bolna = await startFakeVendor(bolnaDeletesAny());
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: blandKey },
    bolna: { baseUrl: bolna.url, apiKey: bolnaKey },
    upstreamTimeoutMs,
  });
});

afterAll(async () => {
  await gateway.close();
  await bland.close();
  await bolna.close();
});

beforeEach(() => {
  bland.requests.length = 0;
  bolna.requests.length = 0;
  gateway.logs.length = 0;
});

async function deletePersona(
  target: TestGateway,
  variables: { id: string; force?: boolean },
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await target.graphql(deletePersonaMutation, { variables, headers });
  return response.body.data?.deletePersona as Record<string, unknown>;
}

async function deleteDisposition(target: TestGateway, id: string): Promise<Record<string, unknown>> {
  const response = await target.graphql(deleteDispositionMutation, { variables: { id } });
  return response.body.data?.deleteDisposition as Record<string, unknown>;
}

/** What Bland received: method and request target. */
function sentToBland(): { method: string; url: string }[] {
  return bland.requests.map(({ method, url }) => ({ method, url }));
}

const blandDelete = { method: 'DELETE', url: `/v1/personas/${personaId}?force=false` };
const blandRead = followUpRead('BLAND', personaId);

describe('one record per delete, with every field', () => {
  it('records a Bland success with the request id, the client, force and the vendor status', async () => {
    const before = Date.now();
    const payload = await deletePersona(gateway, { id: personaId }, { 'x-request-id': 'req-success-1' });
    expect(payload.__typename).toBe('DeletePersonaSuccess');
    expect(gateway.auditRecords()).toEqual([
      {
        time: expect.stringMatching(isoTime),
        requestId: 'req-success-1',
        client: 'anonymous',
        vendor: 'BLAND',
        operation: 'persona.delete',
        id: personaId,
        force: false,
        outcome: 'DeletePersonaSuccess',
        reason: null,
        vendorStatus: 200,
        attempts: 1,
        followUp: null,
        redeleteOutcome: null,
        confirmedBy: 'VENDOR_ANSWER',
        fromStore: false,
        durationMs: expect.any(Number),
      } satisfies Record<keyof AuditRecord, unknown>,
    ]);
    const [record] = gateway.auditRecords();
    expect(Date.parse(record?.time ?? '')).toBeGreaterThanOrEqual(before);
    expect(Date.parse(record?.time ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('records the request id it generated, the one returned in x-request-id', async () => {
    const response = await gateway.graphql(deletePersonaMutation, { variables: { id: personaId } });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(gateway.auditRecords()).toEqual([
      expectedRecord({
        vendor: 'BLAND',
        id: personaId,
        requestId: requestId ?? '',
        outcome: 'DeletePersonaSuccess',
        vendorStatus: 200,
      }),
    ]);
  });

  it('records PersonaNotFoundError with force true and the vendor status 404', async () => {
    bland.setReply(json(404, blandNotFoundBody));
    try {
      const payload = await deletePersona(gateway, { id: personaId, force: true });
      expect(payload.__typename).toBe('PersonaNotFoundError');
      expect(gateway.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          force: true,
          outcome: 'PersonaNotFoundError',
          vendorStatus: 404,
        }),
      ]);
    } finally {
      bland.setReply(json(200, blandSuccessBody));
    }
  });

  it('records UpstreamError with its reason, the vendor status of the delete, and a follow-up read that failed', async () => {
    bland.setReply(json(500, '<html>Internal Server Error</html>'));
    try {
      const payload = await deletePersona(gateway, { id: personaId });
      expect({ __typename: payload.__typename, reason: payload.reason }).toEqual({
        __typename: 'UpstreamError',
        reason: 'SERVER_ERROR',
      });
      expect(sentToBland()).toEqual([blandDelete, blandRead]);
      expect(gateway.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          outcome: 'UpstreamError',
          reason: 'SERVER_ERROR',
          vendorStatus: 500,
          followUp: 'READ_FAILED',
        }),
      ]);
    } finally {
      bland.setReply(json(200, blandSuccessBody));
    }
  });

  it('records UpstreamError TIMEOUT with no vendor status, and a duration of two deadlines: the delete and its follow-up read', async () => {
    bland.setReply(hang());
    try {
      const payload = await deletePersona(gateway, { id: personaId });
      expect({ __typename: payload.__typename, reason: payload.reason }).toEqual({
        __typename: 'UpstreamError',
        reason: 'TIMEOUT',
      });
      expect(sentToBland()).toEqual([blandDelete, blandRead]);
      const records = gateway.auditRecords();
      expect(records).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          outcome: 'UpstreamError',
          reason: 'TIMEOUT',
          vendorStatus: null,
          followUp: 'READ_FAILED',
        }),
      ]);
      expect(records[0]?.durationMs).toBeGreaterThanOrEqual(2 * upstreamTimeoutMs - 50);
      expect(records[0]?.durationMs).toBeLessThan(2 * upstreamTimeoutMs + 1500);
    } finally {
      bland.setReply(json(200, blandSuccessBody));
    }
  });

  it('records InvalidInputError with 0 attempts and no vendor status, and asks no vendor', async () => {
    const payload = await deletePersona(gateway, { id: 'bad id!' });
    expect({ __typename: payload.__typename, field: payload.field }).toEqual({
      __typename: 'InvalidInputError',
      field: 'id',
    });
    expect(gateway.auditRecords()).toEqual([
      expectedRecord({
        vendor: 'BLAND',
        id: 'bad id!',
        outcome: 'InvalidInputError',
        vendorStatus: null,
        attempts: 0,
      }),
    ]);
    expect(bland.requests).toEqual([]);
  });

  it('cuts an id longer than 256 characters in the record', async () => {
    const id = 'x'.repeat(300);
    const payload = await deletePersona(gateway, { id });
    expect(payload.__typename).toBe('InvalidInputError');
    expect(gateway.auditRecords()).toEqual([
      expectedRecord({
        vendor: 'BLAND',
        id: `${'x'.repeat(256)}…`,
        outcome: 'InvalidInputError',
        attempts: 0,
      }),
    ]);
  });

  it('records UnauthenticatedError with 0 attempts when no key is held or sent', async () => {
    const keyless = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: undefined } });
    try {
      const payload = await deletePersona(keyless, { id: personaId });
      expect(payload.__typename).toBe('UnauthenticatedError');
      expect(keyless.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          outcome: 'UnauthenticatedError',
          vendorStatus: null,
          attempts: 0,
        }),
      ]);
      expect(bland.requests).toEqual([]);
    } finally {
      await keyless.close();
    }
  });

  it('records a Bolna success with force null', async () => {
    const payload = await deleteDisposition(gateway, dispositionId);
    expect(payload.__typename).toBe('DeleteDispositionSuccess');
    expect(gateway.auditRecords()).toEqual([
      expectedRecord({
        vendor: 'BOLNA',
        id: dispositionId,
        force: null,
        outcome: 'DeleteDispositionSuccess',
        vendorStatus: 200,
      }),
    ]);
  });

  it('records DispositionNotFoundError with force null and the vendor status 404', async () => {
    bolna.setReply(json(404, { error: 404, message: 'Disposition not found' }));
    try {
      const payload = await deleteDisposition(gateway, dispositionId);
      expect(payload.__typename).toBe('DispositionNotFoundError');
      expect(gateway.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BOLNA',
          id: dispositionId,
          force: null,
          outcome: 'DispositionNotFoundError',
          vendorStatus: 404,
        }),
      ]);
    } finally {
      bolna.setReply(bolnaDeletesAny());
    }
  });

  it('records a retried call once, with every delete attempt counted (not the follow-up read) and the last vendor status', async () => {
    const retrying = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      upstreamTimeoutMs,
      upstreamRetries: 2,
    });
    bland.setReply(json(503, { data: null, errors: [{ error: 'UNAVAILABLE', message: 'Try later' }] }));
    try {
      const payload = await deletePersona(retrying, { id: personaId });
      expect({ __typename: payload.__typename, reason: payload.reason }).toEqual({
        __typename: 'UpstreamError',
        reason: 'SERVER_ERROR',
      });
      // Three 503s to the delete; the follow-up read is sent once, never retried, and meets a 503 too.
      expect(sentToBland()).toEqual([blandDelete, blandDelete, blandDelete, blandRead]);
      expect(retrying.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          outcome: 'UpstreamError',
          reason: 'SERVER_ERROR',
          vendorStatus: 503,
          attempts: 3,
          followUp: 'READ_FAILED',
        }),
      ]);
    } finally {
      bland.setReply(json(200, blandSuccessBody));
      await retrying.close();
    }
  });

  it('names the client by token index, never by the token itself', async () => {
    const tokens = ['first-gateway-token-0000', 'second-gateway-token-1111'];
    const guarded = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      upstreamTimeoutMs,
      gatewayTokens: tokens,
    });
    try {
      const payload = await deletePersona(
        guarded,
        { id: personaId },
        { authorization: `Bearer ${tokens[1]}` },
      );
      expect(payload.__typename).toBe('DeletePersonaSuccess');
      expect(guarded.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          client: 'token:1',
          outcome: 'DeletePersonaSuccess',
          vendorStatus: 200,
        }),
      ]);
      const logged = guarded.logs.join('');
      for (const secret of [...tokens, blandKey]) expect(logged).not.toContain(secret);
    } finally {
      await guarded.close();
    }
  });
});

describe('what the follow-up after a lost delete answer found', () => {
  const lostAnswer = json(500, { data: null, errors: [{ error: 'INTERNAL', message: 'Try again' }] });

  it('records ITEM_GONE, confirmed by FOLLOW_UP, when the read finds the persona gone', async () => {
    bland.setReply(sequence(lostAnswer, json(404, blandNotFoundBody)));
    try {
      const payload = await deletePersona(gateway, { id: personaId });
      expect(payload).toEqual({
        __typename: 'DeletePersonaSuccess',
        personaId,
        message: "Bland's answer to the delete was lost; a follow-up read found the persona gone.",
      });
      expect(sentToBland()).toEqual([blandDelete, blandRead]);
      expect(gateway.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          outcome: 'DeletePersonaSuccess',
          vendorStatus: 404,
          followUp: 'ITEM_GONE',
          confirmedBy: 'FOLLOW_UP',
        }),
      ]);
    } finally {
      bland.setReply(json(200, blandSuccessBody));
    }
  });

  it('records ITEM_PRESENT and no second delete when no retry is left', async () => {
    bland.setReply(sequence(lostAnswer, itemPresent('BLAND', personaId), json(200, blandSuccessBody)));
    try {
      const payload = await deletePersona(gateway, { id: personaId });
      expect({ __typename: payload.__typename, reason: payload.reason }).toEqual({
        __typename: 'UpstreamError',
        reason: 'SERVER_ERROR',
      });
      // UPSTREAM_RETRIES is 0 here: the read finds the persona, and nothing is sent again.
      expect(sentToBland()).toEqual([blandDelete, blandRead]);
      expect(gateway.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          outcome: 'UpstreamError',
          reason: 'SERVER_ERROR',
          vendorStatus: 500,
          followUp: 'ITEM_PRESENT',
        }),
      ]);
    } finally {
      bland.setReply(json(200, blandSuccessBody));
    }
  });

  it("records ITEM_PRESENT and the second delete's outcome, counting both deletes, when a retry is left", async () => {
    const retrying = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      upstreamTimeoutMs,
      upstreamRetries: 1,
    });
    bland.setReply(sequence(lostAnswer, itemPresent('BLAND', personaId), json(404, blandNotFoundBody)));
    try {
      const payload = await deletePersona(retrying, { id: personaId });
      expect(payload).toEqual({
        __typename: 'DeletePersonaSuccess',
        personaId,
        message: "Bland's answer to the delete was lost; a follow-up second delete found the persona gone.",
      });
      expect(sentToBland()).toEqual([blandDelete, blandRead, blandDelete]);
      expect(retrying.auditRecords()).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          outcome: 'DeletePersonaSuccess',
          vendorStatus: 404,
          attempts: 2,
          followUp: 'ITEM_PRESENT',
          redeleteOutcome: 'PersonaNotFoundError',
          confirmedBy: 'FOLLOW_UP',
          fromStore: false,
        }),
      ]);
    } finally {
      bland.setReply(json(200, blandSuccessBody));
      await retrying.close();
    }
  });
});

describe('deduplicated deletes', () => {
  it('records two aliases of the same persona delete once', async () => {
    const response = await gateway.graphql(
      `mutation { a: deletePersona(id: "${personaId}") { __typename } b: deletePersona(id: "${personaId}") { __typename } }`,
    );
    expect(response.body).toEqual({
      data: { a: { __typename: 'DeletePersonaSuccess' }, b: { __typename: 'DeletePersonaSuccess' } },
    });
    expect(bland.requests).toHaveLength(1);
    expect(gateway.auditRecords()).toEqual([
      expectedRecord({ vendor: 'BLAND', id: personaId, outcome: 'DeletePersonaSuccess', vendorStatus: 200 }),
    ]);
  });

  it('records two aliases of the same disposition delete once', async () => {
    const response = await gateway.graphql(
      `mutation { a: deleteDisposition(id: "${dispositionId}") { __typename } b: deleteDisposition(id: "${dispositionId}") { __typename } }`,
    );
    expect(response.body).toEqual({
      data: { a: { __typename: 'DeleteDispositionSuccess' }, b: { __typename: 'DeleteDispositionSuccess' } },
    });
    expect(bolna.requests).toHaveLength(1);
    expect(gateway.auditRecords()).toEqual([
      expectedRecord({
        vendor: 'BOLNA',
        id: dispositionId,
        outcome: 'DeleteDispositionSuccess',
        vendorStatus: 200,
      }),
    ]);
  });

  it('records two different ids twice', async () => {
    const response = await gateway.graphql(
      `mutation { a: deleteDisposition(id: "${dispositionId}") { __typename } b: deleteDisposition(id: "${otherDispositionId}") { __typename } }`,
    );
    expect(response.body).toEqual({
      data: { a: { __typename: 'DeleteDispositionSuccess' }, b: { __typename: 'DeleteDispositionSuccess' } },
    });
    const records = gateway.auditRecords();
    const sameRequest = records[0]?.requestId;
    expect(records).toEqual(
      expect.arrayContaining([
        expectedRecord({
          vendor: 'BOLNA',
          id: dispositionId,
          requestId: sameRequest ?? '',
          outcome: 'DeleteDispositionSuccess',
          vendorStatus: 200,
        }),
        expectedRecord({
          vendor: 'BOLNA',
          id: otherDispositionId,
          requestId: sameRequest ?? '',
          outcome: 'DeleteDispositionSuccess',
          vendorStatus: 200,
        }),
      ]),
    );
    expect(records).toHaveLength(2);
  });

  it('records the same persona with and without force twice: two vendor calls', async () => {
    await gateway.graphql(
      `mutation { a: deletePersona(id: "${personaId}") { __typename } b: deletePersona(id: "${personaId}", force: true) { __typename } }`,
    );
    expect(bland.requests).toHaveLength(2);
    const records = gateway.auditRecords();
    expect(records.map(({ force }) => force).sort()).toEqual([false, true]);
    expect(records).toHaveLength(2);
  });
});

describe('the record is written before the answer is sent', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'audit-trail-test-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('holds the answer until a slow audit log has written the record', async () => {
    const written: number[] = [];
    const slowAuditLog: AuditLog = {
      record: async () => {
        await sleep(300);
        written.push(Date.now());
      },
      close: async () => {},
    };
    const slowGateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      upstreamTimeoutMs,
      auditLog: slowAuditLog,
    });
    try {
      const payload = await deletePersona(slowGateway, { id: personaId });
      const answeredAt = Date.now();
      expect(payload.__typename).toBe('DeletePersonaSuccess');
      expect(written).toHaveLength(1);
      expect(written[0]).toBeLessThanOrEqual(answeredAt);
    } finally {
      await slowGateway.close();
    }
  });

  it('has the record in AUDIT_LOG_FILE the moment the answer arrives', async () => {
    const filePath = join(directory, 'audit.jsonl');
    const auditLog = await openAuditLog({ logger: createLogger({ level: 'silent' }), filePath });
    const fileGateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: blandKey },
      bolna: { baseUrl: bolna.url, apiKey: bolnaKey },
      upstreamTimeoutMs,
      auditLog,
    });
    try {
      const persona = await deletePersona(fileGateway, { id: personaId }, { 'x-request-id': 'req-file-1' });
      const afterPersona = await readFile(filePath, 'utf8');
      const disposition = await deleteDisposition(fileGateway, dispositionId);
      const afterDisposition = await readFile(filePath, 'utf8');

      expect([persona.__typename, disposition.__typename]).toEqual([
        'DeletePersonaSuccess',
        'DeleteDispositionSuccess',
      ]);
      const personaRecord = expectedRecord({
        vendor: 'BLAND',
        id: personaId,
        requestId: 'req-file-1',
        outcome: 'DeletePersonaSuccess',
        vendorStatus: 200,
      });
      expect(parseLines(afterPersona)).toEqual([personaRecord]);
      expect(parseLines(afterDisposition)).toEqual([
        personaRecord,
        expectedRecord({
          vendor: 'BOLNA',
          id: dispositionId,
          outcome: 'DeleteDispositionSuccess',
          vendorStatus: 200,
        }),
      ]);
      expect(fileGateway.auditRecords()).toEqual([]);
    } finally {
      await fileGateway.close();
      await auditLog.close();
    }
  });

  it('keeps the record of a reported delete when the process is killed the moment it answers', async () => {
    const filePath = join(directory, 'crash.jsonl');
    const child = startMain({
      HOST: '127.0.0.1',
      PORT: '0',
      BLAND_BASE_URL: bland.url,
      BLAND_API_KEY: blandKey,
      AUDIT_LOG_FILE: filePath,
    });
    try {
      const origin = await child.origin;
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${origin}/graphql`,
          {
            method: 'POST',
            agent: false,
            headers: { 'content-type': 'application/json', 'x-request-id': 'req-crash-1' },
            signal: AbortSignal.timeout(10_000),
          },
          (res) => {
            // The moment the answer starts to arrive, the gateway dies without any chance to flush.
            child.process.kill('SIGKILL');
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query: deletePersonaMutation, variables: { id: personaId } }));
      });
      expect(status).toBe(200);
      expect(await child.exit).toEqual({ code: null, signal: 'SIGKILL' });
      expect(parseLines(await readFile(filePath, 'utf8'))).toEqual([
        expectedRecord({
          vendor: 'BLAND',
          id: personaId,
          requestId: 'req-crash-1',
          outcome: 'DeletePersonaSuccess',
          vendorStatus: 200,
        }),
      ]);
    } finally {
      child.process.kill('SIGKILL');
    }
  });
});

function parseLines(text: string): unknown[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** `node --import tsx src/main.ts` with only PATH and HOME of our environment, plus `extra`. */
function startMain(extra: Record<string, string>): {
  process: ChildProcess;
  origin: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const env: NodeJS.ProcessEnv = { ...extra };
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const origin = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line within 15 s:\n${output}`)), 15_000);
    const onOutput = (chunk: string) => {
      output += chunk;
      const found = /Live mode.*GraphQL: (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.setEncoding('utf8').on('data', onOutput);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    void exit.then((result) => {
      clearTimeout(timer);
      reject(new Error(`main exited (${JSON.stringify(result)}) before starting:\n${output}`));
    });
  });
  origin.catch(() => {});
  return { process: child, origin, exit };
}
