import { afterEach, describe, expect, it, vi } from 'vitest';
import { toRetryAfterSeconds } from '../../../src/vendors/core/retry-after.js';

const maxGraphQLInt = 2_147_483_647;
/** 21 Oct 2015 07:28:00 GMT, the date of RFC 9110's examples. */
const retryAt = Date.UTC(2015, 9, 21, 7, 28, 0);
const oneMinuteBefore = retryAt - 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('toRetryAfterSeconds', () => {
  it.each([
    ['120', 120],
    ['0', 0],
    [' 7 ', 7],
    ['007', 7],
  ])('reads delay-seconds %j as %i', (header, seconds) => {
    expect(toRetryAfterSeconds(header, oneMinuteBefore)).toBe(seconds);
  });

  it('caps delay-seconds at the largest GraphQL Int', () => {
    expect(toRetryAfterSeconds('99999999999', oneMinuteBefore)).toBe(maxGraphQLInt);
  });

  it('reads an IMF-fixdate in the future as whole seconds from now', () => {
    expect(toRetryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT', oneMinuteBefore)).toBe(60);
  });

  it('rounds a partial second up', () => {
    expect(toRetryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT', retryAt - 59_001)).toBe(60);
  });

  it('reads the obsolete RFC 850 date format', () => {
    expect(toRetryAfterSeconds('Wednesday, 21-Oct-15 07:28:00 GMT', oneMinuteBefore)).toBe(60);
  });

  it('reads the obsolete asctime format as UTC whatever the local time zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(toRetryAfterSeconds('Wed Oct 21 07:28:00 2015', oneMinuteBefore)).toBe(60);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('caps a date far in the future at the largest GraphQL Int', () => {
    expect(toRetryAfterSeconds('Fri, 31 Dec 9999 23:59:59 GMT', oneMinuteBefore)).toBe(maxGraphQLInt);
  });

  it.each([
    ['in the past', retryAt + 3_600_000],
    ['exactly now', retryAt],
  ])('reads a date %s as 0', (_label, now) => {
    expect(toRetryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
  });

  it('measures an HTTP date against the current time when no now is given', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(oneMinuteBefore);
    expect(toRetryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(60);
  });

  it.each(['soon', '', '   ', '-5', '1.5', '10s', '1e3', 'Wed, 99 Foo 2015 07:28:00 GMT'])(
    'reads the garbage %j as null',
    (header) => {
      expect(toRetryAfterSeconds(header, oneMinuteBefore)).toBeNull();
    },
  );

  it('reads an absent header as null', () => {
    expect(toRetryAfterSeconds(undefined, oneMinuteBefore)).toBeNull();
  });

  it('reads the first of repeated headers', () => {
    expect(toRetryAfterSeconds(['3', '9'], oneMinuteBefore)).toBe(3);
  });

  it('reads an empty list of headers as null', () => {
    expect(toRetryAfterSeconds([], oneMinuteBefore)).toBeNull();
  });
});
