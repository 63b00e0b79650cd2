import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CompactSourceMap } from '../../src/observability/compact-source-map.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('CompactSourceMap', () => {
  it('decodes each segment shape: deltas, negative deltas, a new line, a segment without a source', () => {
    // Line 0: col 0 → a.ts 0:0; col 2 → a.ts 0:1. Line 1: col 0 → b.ts 1:3; col 5 → no source;
    // col 7 → a.ts 0:2 (source -1, line -1, column -1). Line 2: col 16 (one segment of two digits).
    const map = new CompactSourceMap('AAAA,EAAC;ACCE,K,EDDD;gB', ['a.ts', 'b.ts']);
    expect(map.find(0, 0)).toEqual({ source: 'a.ts', line: 0, column: 0 });
    expect(map.find(0, 1)).toEqual({ source: 'a.ts', line: 0, column: 0 });
    expect(map.find(0, 99)).toEqual({ source: 'a.ts', line: 0, column: 1 });
    expect(map.find(1, 4)).toEqual({ source: 'b.ts', line: 1, column: 3 });
    expect(map.find(1, 5)).toBeNull();
    expect(map.find(1, 7)).toEqual({ source: 'a.ts', line: 0, column: 2 });
    expect(map.find(2, 15)).toEqual({ source: 'a.ts', line: 0, column: 2 });
    expect(map.find(2, 16)).toBeNull();
  });

  it('answers null before the first mapping, and refuses a mapping that is not base64 VLQ', () => {
    expect(new CompactSourceMap(';;AAAA', ['a.ts']).find(1, 40)).toBeNull();
    expect(new CompactSourceMap('', ['a.ts']).find(0, 0)).toBeNull();
    expect(() => new CompactSourceMap('AA*A', ['a.ts'])).toThrow(/bad mapping character at 2/);
  });

  it("answers as node:module's SourceMap at every seventh column of the gateway's minified bundle", async () => {
    const { outputFiles } = await build({
      entryPoints: [`${projectRoot}src/main.ts`],
      outdir: '/virtual',
      bundle: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      minifyWhitespace: true,
      sourcemap: 'external',
      sourcesContent: false,
      write: false,
      logLevel: 'silent',
    });
    const code = outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
    const payload = JSON.parse(outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '{}');
    const compact = new CompactSourceMap(payload.mappings, payload.sources);
    const node = new SourceMap(payload);
    let probes = 0;
    let mapped = 0;
    const lines = code.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (let column = 0; column <= (lines[line]?.length ?? 0) + 1; column += 7) {
        const entry = node.findEntry(line, column);
        const expected =
          'originalSource' in entry && entry.originalSource
            ? { source: entry.originalSource, line: entry.originalLine, column: entry.originalColumn }
            : null;
        const found = compact.find(line, column);
        if (found) mapped++;
        probes++;
        if (JSON.stringify(found) !== JSON.stringify(expected)) {
          expect({ line, column, found }).toEqual({ line, column, found: expected });
        }
      }
    }
    expect(probes).toBeGreaterThan(10_000);
    expect(mapped / probes).toBeGreaterThan(0.9);
  }, 60_000);
});
