import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Trusted documents by their manifest key: the sha256 (64 hex digits) or sha1 (40) of the document. */
export type TrustedDocuments = ReadonlyMap<string, string>;

const hashLengths: Readonly<Record<number, 'sha256' | 'sha1'>> = { 64: 'sha256', 40: 'sha1' };

/**
 * Reads persisted-documents manifests as GraphQL Code Generator's client preset writes them (a
 * JSON object of hash → document) and merges them. Every entry is checked: its key must be the
 * sha256 or the sha1, in lower-case hex, of its document. Each file that cannot be read or parsed
 * and each wrong entry adds a problem to `problems`; what was read correctly is still returned.
 */
export function readTrustedDocuments(paths: readonly string[], problems: string[]): TrustedDocuments {
  const documents = new Map<string, string>();
  for (const path of paths) {
    const manifest = readManifest(path, problems);
    for (const [key, document] of Object.entries(manifest ?? {})) {
      const algorithm = hashLengths[key.length];
      const isOwnHash =
        typeof document === 'string' &&
        algorithm !== undefined &&
        createHash(algorithm).update(document).digest('hex') === key;
      if (isOwnHash) documents.set(key, document);
      else {
        problems.push(
          `TRUSTED_DOCUMENTS_FILE ${path}: the key ${JSON.stringify(key)} is not the sha256 or sha1 of its document.`,
        );
      }
    }
  }
  return documents;
}

function readManifest(path: string, problems: string[]): Record<string, unknown> | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`TRUSTED_DOCUMENTS_FILE ${path} cannot be read (${code}).`);
    return null;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    problems.push(`TRUSTED_DOCUMENTS_FILE ${path} is not JSON.`);
    return null;
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    problems.push(`TRUSTED_DOCUMENTS_FILE ${path} must be a JSON object of hash → document.`);
    return null;
  }
  return manifest as Record<string, unknown>;
}
