import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRecord, openAuditLog } from '../../src/observability/audit-log.js';
import { createLogger } from '../../src/observability/logger.js';

const record: AuditRecord = {
  time: '2025-01-02T03:04:05.678Z',
  requestId: 'req-audit-1',
  client: 'token:1',
  vendor: 'BLAND',
  operation: 'persona.delete',
  id: 'persona-1',
  force: true,
  outcome: 'UpstreamError',
  reason: 'SERVER_ERROR',
  vendorStatus: 503,
  attempts: 3,
  followUp: 'READ_FAILED',
  redeleteOutcome: null,
  confirmedBy: null,
  fromStore: false,
  durationMs: 412,
};

const longId = `${'a'.repeat(256)}${'b'.repeat(44)}`;
const cutId = `${'a'.repeat(256)}…`;

/** A logger at `level` whose lines are collected. */
function collectingLogger(level = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

/** Every line of a JSON-lines file, parsed; the file must end with a newline. */
async function readJsonLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
}

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'audit-log-test-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('without a file', () => {
  it('writes one info line holding the whole record under `audit`', async () => {
    const { logger, lines } = collectingLogger();
    const auditLog = await openAuditLog({ logger });
    await auditLog.record(record);
    await auditLog.close();
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        pid: process.pid,
        hostname: expect.any(String),
        audit: record,
        msg: 'audit',
      },
    ]);
  });

  it('cuts an id longer than 256 characters', async () => {
    const { logger, lines } = collectingLogger();
    const auditLog = await openAuditLog({ logger });
    await auditLog.record({ ...record, id: longId });
    expect(lines.map((line) => JSON.parse(line).audit)).toEqual([{ ...record, id: cutId }]);
  });

  it('keeps an id of exactly 256 characters whole', async () => {
    const { logger, lines } = collectingLogger();
    const auditLog = await openAuditLog({ logger });
    const id = 'c'.repeat(256);
    await auditLog.record({ ...record, id });
    expect(lines.map((line) => JSON.parse(line).audit)).toEqual([{ ...record, id }]);
  });
});

describe('with a file', () => {
  it('appends one JSON line per record after what the file already holds', async () => {
    const filePath = join(directory, 'append.jsonl');
    await writeFile(filePath, '{"earlier":"record"}\n');
    const { logger, lines } = collectingLogger('debug');
    const auditLog = await openAuditLog({ logger, filePath });
    const bolnaRecord: AuditRecord = {
      ...record,
      vendor: 'BOLNA',
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      force: null,
      outcome: 'DeleteDispositionSuccess',
      reason: null,
      vendorStatus: 200,
      attempts: 1,
    };
    await auditLog.record(record);
    await auditLog.record(bolnaRecord);
    await auditLog.close();
    expect(await readJsonLines(filePath)).toEqual([{ earlier: 'record' }, record, bolnaRecord]);
    expect(lines).toEqual([]);
  });

  it('has the line in the file as soon as record() resolves, before close', async () => {
    const filePath = join(directory, 'durable.jsonl');
    const auditLog = await openAuditLog({ logger: collectingLogger().logger, filePath });
    try {
      await auditLog.record(record);
      expect(await readJsonLines(filePath)).toEqual([record]);
    } finally {
      await auditLog.close();
    }
  });

  it('resolves each of many concurrent records only once its own line is in the file', async () => {
    const filePath = join(directory, 'grouped.jsonl');
    const auditLog = await openAuditLog({ logger: collectingLogger().logger, filePath });
    const records = Array.from({ length: 50 }, (_, index) => ({ ...record, id: `persona-${index}` }));
    const foundOnResolve = await Promise.all(
      records.map((entry) =>
        auditLog.record(entry).then(() =>
          readFileSync(filePath, 'utf8')
            .split('\n')
            .some((line) => line === JSON.stringify(entry)),
        ),
      ),
    );
    await auditLog.close();
    expect(foundOnResolve).toEqual(records.map(() => true));
    expect(await readJsonLines(filePath)).toEqual(records);
  });

  it('never interleaves 200 large records written concurrently', async () => {
    const filePath = join(directory, 'concurrent.jsonl');
    const auditLog = await openAuditLog({ logger: collectingLogger().logger, filePath });
    // Large lines (about 8 KiB each) make a torn or interleaved write visible.
    const records = Array.from({ length: 200 }, (_, index) => ({
      ...record,
      requestId: `req-${index}-${String(index % 10).repeat(8000)}`,
      id: `persona-${index}`,
    }));
    await Promise.all(records.map((entry) => auditLog.record(entry)));
    await auditLog.close();
    const written = await readJsonLines(filePath);
    expect(written).toHaveLength(200);
    expect(written).toEqual(expect.arrayContaining(records));
  });

  it('cuts an id longer than 256 characters', async () => {
    const filePath = join(directory, 'long-id.jsonl');
    const auditLog = await openAuditLog({ logger: collectingLogger().logger, filePath });
    await auditLog.record({ ...record, id: longId });
    await auditLog.close();
    expect(await readJsonLines(filePath)).toEqual([{ ...record, id: cutId }]);
  });
});
