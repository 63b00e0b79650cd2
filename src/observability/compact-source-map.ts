/** A generated position's original one: the source file, and its zero-based line and column. */
export interface OriginalPosition {
  source: string;
  line: number;
  column: number;
}

/** The fields each mapping takes in {@link CompactSourceMap}'s table. */
const fields = 5;
const noSource = -1;
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digitOf = new Int8Array(128).fill(-1);
for (let index = 0; index < base64.length; index++) digitOf[base64.charCodeAt(index)] = index;

/**
 * A source map (version 3, without sections) decoded into one flat Int32Array: five numbers per
 * mapping (generated line and column, source index, original line and column). node:module's
 * SourceMap keeps an Array per mapping: for dist/'s 186 000 mappings about 20 MB of live heap,
 * which V8 then multiplies into its old-space limit (measured: the peak RSS of a gateway under
 * load rose from 162 to 245 MiB the first time an error's stack was formatted). This table is
 * 3.7 MB outside the heap, and answers as SourceMap.findEntry does: the last mapping at or before
 * the position, or null when that mapping names no source.
 */
export class CompactSourceMap {
  readonly #table: Int32Array;
  readonly #count: number;
  readonly #sources: readonly string[];

  constructor(mappings: string, sources: readonly string[]) {
    this.#sources = sources;
    let segments = 1;
    for (let index = 0; index < mappings.length; index++) {
      const code = mappings.charCodeAt(index);
      if (code === 44 || code === 59) segments++; // ',' or ';'
    }
    const table = new Int32Array(segments * fields);
    let count = 0;
    let line = 0;
    let column = 0;
    let source = 0;
    let originalLine = 0;
    let originalColumn = 0;
    let index = 0;
    const values: number[] = [];
    while (index < mappings.length) {
      const code = mappings.charCodeAt(index);
      if (code === 59) {
        line++;
        column = 0;
        index++;
        continue;
      }
      if (code === 44) {
        index++;
        continue;
      }
      values.length = 0;
      while (index < mappings.length) {
        const next = mappings.charCodeAt(index);
        if (next === 44 || next === 59) break;
        let value = 0;
        let shift = 0;
        let digit: number;
        do {
          digit = digitOf[mappings.charCodeAt(index++)] ?? -1;
          if (digit < 0) throw new Error(`source map: bad mapping character at ${index - 1}`);
          value += (digit & 31) * 2 ** shift;
          shift += 5;
        } while (digit & 32);
        values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      }
      column += values[0] ?? 0;
      const at = count * fields;
      table[at] = line;
      table[at + 1] = column;
      if (values.length >= 4) {
        source += values[1] ?? 0;
        originalLine += values[2] ?? 0;
        originalColumn += values[3] ?? 0;
        table[at + 2] = source;
        table[at + 3] = originalLine;
        table[at + 4] = originalColumn;
      } else {
        table[at + 2] = noSource;
      }
      count++;
    }
    this.#table = table;
    this.#count = count;
  }

  /** The original position of a zero-based generated line and column, or null when none is mapped. */
  find(line: number, column: number): OriginalPosition | null {
    const table = this.#table;
    let low = 0;
    let high = this.#count - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const at = middle * fields;
      const mappedLine = table[at] ?? 0;
      if (mappedLine < line || (mappedLine === line && (table[at + 1] ?? 0) <= column)) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found < 0) return null;
    const at = found * fields;
    const source = this.#sources[table[at + 2] ?? noSource];
    if (source === undefined) return null;
    return { source, line: table[at + 3] ?? 0, column: table[at + 4] ?? 0 };
  }
}
