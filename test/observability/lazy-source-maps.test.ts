import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/**
 * A program that throws through each kind of frame V8 names differently (a constructor, a method,
 * an async function, a plain function), bundled and minified like dist/, and run without Node's
 * own source maps: only mapStackTracesLazily can make its frames name the fixture's lines.
 */
const fixture = `import { mapStackTracesLazily } from '${join(projectRoot, 'src/observability/lazy-source-maps.ts')}';

mapStackTracesLazily(new URL('./', import.meta.url));

class Widget {
  constructor() {
    this.spin();
  }

  spin(): void {
    throw new TypeError('spun out');
  }
}

function makeWidget(): Widget {
  return new Widget();
}

async function later(): Promise<void> {
  await Promise.resolve();
  makeWidget();
}

try {
  await later();
} catch (error) {
  process.stdout.write(\`\${(error as Error).stack}\\n\`);
}
const plain = new Error('no map for this one');
process.stdout.write(\`\${plain.stack?.split('\\n')[0]}\\n\`);
`;

let directory: string;
let fixtureFile: string;

beforeAll(async () => {
  const cache = join(projectRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  directory = mkdtempSync(join(cache, 'lazy-source-maps-'));
  fixtureFile = join(directory, 'fixture.ts');
  writeFileSync(fixtureFile, fixture);
  await build({
    entryPoints: [fixtureFile],
    outfile: join(directory, 'out', 'fixture.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    minifyWhitespace: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
  });
}, 60_000);
afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const lineOf = (text: string) =>
  readFileSync(fixtureFile, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text)) + 1;

describe('mapStackTracesLazily', () => {
  it('names the source line of every frame, in the shapes V8 prints', async () => {
    const { stdout } = await run(process.execPath, [join(directory, 'out', 'fixture.js')], {
      env: { PATH: process.env.PATH ?? '' },
    });
    const lines = stdout.split('\n');
    const at = (name: string, text: string) =>
      new RegExp(`^ {4}at ${name.replace(/[.[\]]/g, '\\$&')} \\(${fixtureFile}:${lineOf(text)}:\\d+\\)$`);

    expect(lines[0]).toBe('TypeError: spun out');
    expect(lines[1]).toMatch(at('Widget.spin', "throw new TypeError('spun out')"));
    expect(lines[2]).toMatch(at('new Widget', 'this.spin();'));
    expect(lines[3]).toMatch(at('makeWidget', 'return new Widget();'));
    expect(lines[4]).toMatch(at('later', 'makeWidget();'));
    // The module's own top level has no name: V8 prints the location alone.
    expect(lines[5]).toMatch(new RegExp(`^ {4}at async ${fixtureFile}:${lineOf('await later();')}:\\d+$`));
    expect(lines[6]).toBe('Error: no map for this one');
  });
});
