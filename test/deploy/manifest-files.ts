import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const manifestsFolder = new URL('../../deploy/kubernetes/', import.meta.url);

/** The file names in deploy/kubernetes/, sorted. */
export function manifestFileNames(): string[] {
  return readdirSync(manifestsFolder)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
}

/** One manifest file's text, comments included. */
export function readManifestText(name: string): string {
  return readFileSync(new URL(name, manifestsFolder), 'utf8');
}

/** The one object a manifest file holds; throws when it holds several, none, or bad YAML. */
export function parseManifest(text: string): unknown {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1) {
    throw new Error('a manifest file must hold exactly one YAML document');
  }
  const [document] = documents;
  if (!document || document.errors.length > 0) throw new Error(`bad YAML: ${document?.errors[0]?.message}`);
  return document.toJS();
}

export const readManifest = (name: string): unknown => parseManifest(readManifestText(name));

const commentedOtelName = /^\s*# - name: OTEL_/;
const commentedValue = /^\s*# {3}value: /;

/**
 * The manifest's text with its commented-out `OTEL_*` env entries (`# - name: OTEL_...` and the
 * `#   value:` line under each) uncommented, as an operator turning tracing on would.
 */
export function uncommentOtelEntries(text: string): string {
  const lines = text.split('\n');
  return lines
    .map((line, index) => {
      const isOtelName = commentedOtelName.test(line);
      const isItsValue = commentedValue.test(line) && commentedOtelName.test(lines[index - 1] ?? '');
      return isOtelName || isItsValue ? line.replace('# ', '') : line;
    })
    .join('\n');
}

/** The names of the env entries written in comments (`# - name: X`), in order. */
export function commentedEnvNames(text: string): string[] {
  return [...text.matchAll(/^\s*#\s*- name: (\S+)/gm)].map((match) => match[1] as string);
}
