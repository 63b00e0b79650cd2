import { readFileSync } from 'node:fs';
import { printSortedSchema } from '../src/schema/index.js';

// `--check` compares schema.graphql with the code instead of printing it.
const printed = printSortedSchema();
if (process.argv.includes('--check')) {
  const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
  if (committed !== printed) {
    console.error('schema.graphql differs from the code: run `npm run schema:print` and commit it.');
    process.exit(1);
  }
} else {
  process.stdout.write(printed);
}
