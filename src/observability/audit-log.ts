import { writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { UpstreamFailure } from '../domain/errors.js';
import type { Vendor } from '../domain/vendor.js';
import type { Logger } from './logger.js';

/**
 * What a follow-up read after a delete's lost answer found: the item gone, still there (and then
 * what a second delete answered, in `redeleteOutcome`), the read failed, or a not-found that
 * proves nothing because the gateway created the item moments ago (Bolna's read lag).
 */
export type FollowUpFinding = 'ITEM_GONE' | 'ITEM_PRESENT' | 'READ_FAILED' | 'RECENTLY_CREATED';

/**
 * One call that changes something (a delete, a number change, a write), as the audit trail keeps
 * it: who, which call, which item, how it ended. Never holds a credential, a token, or a body
 * field that could hold a secret or personal data (names, prompts, phone numbers, descriptions).
 */
export interface AuditRecord {
  time: string;
  requestId: string;
  /** `token:<index>` or `anonymous`. */
  client: string;
  vendor: Vendor;
  /** The vendor call: `persona.delete`, `persona.detachNumbers`, ... */
  operation: string;
  /**
   * The id the client asked for (a bulk create: its agent); a create's is the new id, empty when
   * none was proven. A longer one keeps its first 256 characters and gains "…".
   */
  id: string;
  /** Bland's `force`; null for Bolna, whose delete has none. */
  force: boolean | null;
  /** The payload's `__typename`. */
  outcome: string;
  /** `UpstreamError.reason`, else null. */
  reason: UpstreamFailure | null;
  /** The HTTP status of the vendor's last answer; null when none arrived. */
  vendorStatus: number | null;
  /** Attempts to reach the vendor, retries included (a refused connection counts); a follow-up read is not one. */
  attempts: number;
  /** After a delete's lost answer: what the follow-up read found; null when none ran. */
  followUp: FollowUpFinding | null;
  /** The second delete's `__typename`, when the follow-up found the item and sent the delete again. */
  redeleteOutcome: string | null;
  /** How a delete's success was proven; null for anything else. */
  confirmedBy: 'VENDOR_ANSWER' | 'FOLLOW_UP' | 'EARLIER_ATTEMPT' | null;
  /** True when the answer came from the idempotency store, with no vendor call (attempts 0). */
  fromStore: boolean;
  durationMs: number;
}

/** What the record of a call that can make items (a create, an update that may copy) adds. */
export interface AuditCreation {
  /** Only on a bulk create: how many items it asked for. */
  count?: number;
  /** The ids its success proved made, in order; empty for any other outcome. */
  createdIds?: readonly string[];
}

/** One record as written: every call's fields, and a creation's when it is one. */
export type AuditEntry = AuditRecord & AuditCreation;

export interface AuditLog {
  /** Resolves once the record is written, so a reported delete is never missing from the trail. */
  record(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
}

const maxIdLength = 256;

/** Options for {@link openAuditLog}. */
export interface AuditLogOptions {
  /**
   * Where records go when no file is given: one `info` line each, under the key `audit`.
   * @default none: required
   */
  logger: Logger;
  /**
   * Append records to this file as JSON lines instead of the log.
   * @default undefined: into the log
   */
  filePath?: string | undefined;
}

/** The audit trail of destructive calls: into the log, or appended to a JSON-lines file. */
export async function openAuditLog({ logger, filePath }: AuditLogOptions): Promise<AuditLog> {
  if (!filePath) {
    return {
      record: async (entry) => {
        logger.info({ audit: clip(entry) }, 'audit');
      },
      close: async () => {},
    };
  }
  const file: FileHandle = await open(filePath, 'a');
  const append = groupCommitted(file);
  return {
    record: (entry) => append(`${JSON.stringify(clip(entry))}\n`),
    close: async () => {
      await append.idle();
      await file.close();
    },
  };
}

/**
 * Appends lines in group commits: the lines recorded during one turn of the event loop are
 * written together, by one write(2) at its end (setImmediate), so under load one write serves
 * many records. Each promise resolves once its own line is in the file (or rejects, with the rest
 * of its batch, if that write fails). The write is synchronous: to the page cache it costs about
 * 4 µs of CPU, where a thread-pool write (fs/promises, or fs.write) costs about 25 µs and was a
 * twentieth of a delete's CPU; a disk that stalls holds every request, as it must hold every
 * answer anyway. The file is opened for appending and each batch is written whole, so lines never
 * interleave or tear.
 */
function groupCommitted(file: FileHandle) {
  let batch: { lines: string[]; done: (error?: unknown) => void; written: Promise<void> } | undefined;
  let lastWrite: Promise<unknown> = Promise.resolve();
  const commit = () => {
    const committing = batch;
    batch = undefined; // lines from now on go to the next batch
    if (!committing) return;
    try {
      writeWhole(file.fd, Buffer.from(committing.lines.join('')));
      committing.done();
    } catch (error) {
      committing.done(error);
    }
  };
  const append = (line: string): Promise<void> => {
    if (!batch) {
      let done: (error?: unknown) => void = () => {};
      const written = new Promise<void>((resolve, reject) => {
        done = (error) => (error === undefined ? resolve() : reject(error));
      });
      batch = { lines: [], done, written };
      lastWrite = written.catch(() => {}); // a failed batch fails its own records only
      setImmediate(commit);
    }
    batch.lines.push(line);
    return batch.written;
  };
  /** Resolves once every line appended so far has been written (or failed). */
  append.idle = () => lastWrite.then(() => undefined);
  return append;
}

function writeWhole(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) {
    offset += writeSync(fd, bytes, offset);
  }
}

function clip(entry: AuditEntry): AuditEntry {
  return entry.id.length > maxIdLength ? { ...entry, id: `${entry.id.slice(0, maxIdLength)}…` } : entry;
}
