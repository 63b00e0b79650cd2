import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './gateway.js';
import './persona.js';
import './disposition.js';
import './persona-writes.js';
import './disposition-writes.js';

export const schema = builder.toSchema();

/** The SDL committed as schema.graphql: printed from the code, sorted. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
