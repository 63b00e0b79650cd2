import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadStartup } from '../../src/config/load-startup.js';
import { readTrustedDocuments } from '../../src/config/trusted-documents.js';

const directory = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const hashOf = (algorithm: 'sha1' | 'sha256', text: string) =>
  createHash(algorithm).update(text).digest('hex');
const gatewayQuery = 'query GatewayMode { gateway { mode } }';
const versionQuery = 'query GatewayVersion { gateway { version } }';

/** Writes `content` (JSON unless it is a string) to a new file and returns its path. */
function manifest(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

function read(paths: string[]) {
  const problems: string[] = [];
  const documents = readTrustedDocuments(paths, problems);
  return { documents: Object.fromEntries(documents), problems };
}

describe('readTrustedDocuments', () => {
  it('merges manifests keyed by sha1 (the client preset default) and by sha256', () => {
    const web = manifest('web.json', { [hashOf('sha1', gatewayQuery)]: gatewayQuery });
    const admin = manifest('admin.json', { [hashOf('sha256', versionQuery)]: versionQuery });

    expect(read([web, admin])).toEqual({
      documents: {
        [hashOf('sha1', gatewayQuery)]: gatewayQuery,
        [hashOf('sha256', versionQuery)]: versionQuery,
      },
      problems: [],
    });
  });

  it('refuses every entry whose key is not the hash of its document, keeping the good ones', () => {
    const good = hashOf('sha256', gatewayQuery);
    const ofAnother = hashOf('sha256', versionQuery);
    const upperCase = hashOf('sha1', versionQuery).toUpperCase();
    const path = manifest('wrong.json', {
      [good]: gatewayQuery,
      [ofAnother]: gatewayQuery,
      [upperCase]: versionQuery,
      'my-query': gatewayQuery,
      [hashOf('sha1', '42')]: 42,
    });

    expect(read([path])).toEqual({
      documents: { [good]: gatewayQuery },
      problems: [ofAnother, upperCase, 'my-query', hashOf('sha1', '42')].map(
        (key) =>
          `TRUSTED_DOCUMENTS_FILE ${path}: the key ${JSON.stringify(key)} is not the sha256 or sha1 of its document.`,
      ),
    });
  });

  it('names a missing file, a file that is not JSON and JSON that is not an object, together', () => {
    const missing = join(directory, 'missing.json');
    const notJson = manifest('not-json.json', '{ "abc": ');
    const list = manifest('list.json', [gatewayQuery]);

    expect(read([missing, notJson, list])).toEqual({
      documents: {},
      problems: [
        `TRUSTED_DOCUMENTS_FILE ${missing} cannot be read (ENOENT).`,
        `TRUSTED_DOCUMENTS_FILE ${notJson} is not JSON.`,
        `TRUSTED_DOCUMENTS_FILE ${list} must be a JSON object of hash → document.`,
      ],
    });
  });
});

describe('loadStartup', () => {
  it('reads the manifests TRUSTED_DOCUMENTS_FILE names, beside the configuration', () => {
    const path = manifest('startup.json', { [hashOf('sha1', gatewayQuery)]: gatewayQuery });
    const { config, trustedDocuments } = loadStartup({ TRUSTED_DOCUMENTS_FILE: path });

    expect(config.trustedDocumentsFiles).toEqual([path]);
    expect(Object.fromEntries(trustedDocuments ?? [])).toEqual({
      [hashOf('sha1', gatewayQuery)]: gatewayQuery,
    });
  });

  it('has no trusted documents without TRUSTED_DOCUMENTS_FILE', () => {
    expect(loadStartup({}).trustedDocuments).toBeUndefined();
  });

  it("reports a manifest's problems in one ConfigError with the configuration's", () => {
    const missing = join(directory, 'absent.json');
    let thrown: unknown;
    try {
      loadStartup({ PORT: 'abc', TRUSTED_DOCUMENTS_FILE: missing });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "abc").',
      `TRUSTED_DOCUMENTS_FILE ${missing} cannot be read (ENOENT).`,
    ]);
  });
});
