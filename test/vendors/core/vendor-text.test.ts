import { describe, expect, it } from 'vitest';
import { redactSecret, toVendorText } from '../../../src/vendors/core/vendor-text.js';

describe('toVendorText', () => {
  it.each([undefined, null, 42, true, {}, ['Persona not found']])(
    'reads the non-string %j as null',
    (value) => {
      expect(toVendorText(value)).toBeNull();
    },
  );

  it.each(['', '   ', '\n\t\r', '\u0000\u001f\u007f'])('reads the blank string %j as null', (value) => {
    expect(toVendorText(value)).toBeNull();
  });

  it('keeps an ordinary message as it is', () => {
    expect(toVendorText('Persona not found')).toBe('Persona not found');
  });

  it('folds line breaks, tabs and runs of spaces into one space and trims the ends', () => {
    expect(toVendorText('  Persona\r\n\tnot     found  ')).toBe('Persona not found');
  });

  it('folds control characters into a space', () => {
    expect(toVendorText('a\u0000b\u001bc\u007fd')).toBe('a b c d');
  });

  it('keeps a message of exactly 300 characters', () => {
    const text = 'x'.repeat(300);
    expect(toVendorText(text)).toBe(text);
  });

  it('cuts a longer message to 300 characters ending in an ellipsis', () => {
    expect(toVendorText(`${'x'.repeat(299)}yz`)).toBe(`${'x'.repeat(299)}…`);
  });

  it('measures the length after folding', () => {
    expect(toVendorText(`a${' '.repeat(1000)}b`)).toBe('a b');
  });
});

describe('redactSecret', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactSecret('bad key sk-abc123, and again sk-abc123', 'sk-abc123')).toBe(
      'bad key [redacted], and again [redacted]',
    );
  });

  it('treats the secret literally, not as a pattern', () => {
    expect(redactSecret('key a.b*c and aXbbc', 'a.b*c')).toBe('key [redacted] and aXbbc');
  });

  it('leaves values without the secret unchanged', () => {
    const value = { detail: 'Not authenticated', error: 403, ok: null };
    expect(redactSecret(value, 'bn-secret')).toEqual(value);
  });

  it('redacts every string of a decoded JSON value, keys included, however deep', () => {
    const decoded = JSON.parse(
      '{"errors":[{"message":"bad key bn\\u002dsecret","details":{"bn-secret":["x bn-secret"]}}]}',
    );
    expect(redactSecret(decoded, 'bn-secret')).toEqual({
      errors: [{ message: 'bad key [redacted]', details: { '[redacted]': ['x [redacted]'] } }],
    });
  });
});
