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
 * Appends lines in group commits: the lines that arrive while one write is in flight go out
 * together in the next, so under load one write(2) serves many records, while a lone record is
 * written at once. Each promise resolves when its own line is in the file. The file is opened for
 * appending and each batch is written whole, so lines never interleave or tear.
 */
function groupCommitted(file: FileHandle) {
  let waiting: { lines: string[]; written: Promise<void> } | undefined;
  let lastWrite: Promise<unknown> = Promise.resolve();
  const append = (line: string): Promise<void> => {
    if (!waiting) {
      const lines: string[] = [];
      const written = lastWrite.then(() => {
        waiting = undefined; // lines from now on wait for the next write
        return writeWhole(file, Buffer.from(lines.join('')));
      });
      lastWrite = written.catch(() => {}); // a failed batch fails its own records only
      waiting = { lines, written };
    }
    waiting.lines.push(line);
    return waiting.written;
  };
  /** Resolves once every line appended so far has been written (or failed). */
  append.idle = () => lastWrite.then(() => undefined);
  return append;
}

async function writeWhole(file: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    offset += (await file.write(bytes, offset)).bytesWritten;
  }
}

function clip(entry: AuditEntry): AuditEntry {
  return entry.id.length > maxIdLength ? { ...entry, id: `${entry.id.slice(0, maxIdLength)}…` } : entry;
}
