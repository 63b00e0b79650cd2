import { createHash } from 'node:crypto';

/** A Lua script run by EVALSHA, and its text for when Redis does not hold it yet. */
export interface RedisScript {
  source: string;
  sha1: string;
}

function script(source: string): RedisScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

// Every script reads the clock from Redis (TIME), so every replica counts on one clock, and writes
// numbers with %d: Lua would print a large number in exponent notation.
const nowMs = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

/**
 * A record is one hash: `digest`, the claim as `owner` and `until` (ms on Redis' clock), and each
 * call as `call:<id>`. KEYS[1]: the record; ARGV: digest, owner, claimMs, ttlMs.
 */
export const claimScript = script(`${nowMs}
local digest = redis.call('HGET', KEYS[1], 'digest')
if digest and digest ~= ARGV[1] then return 'REUSED' end
local claimedUntil = redis.call('HGET', KEYS[1], 'until')
if claimedUntil and tonumber(claimedUntil) > now then return 'IN_USE' end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'until', string.format('%d', now + tonumber(ARGV[3])))
if digest then return 'EXISTING' end
redis.call('HSET', KEYS[1], 'digest', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 'NEW'
`);

const whileHeld = `${nowMs}
local claimedUntil = redis.call('HGET', KEYS[1], 'until')
local held = redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and claimedUntil and tonumber(claimedUntil) > now
`;

/** KEYS[1]: the record; ARGV: owner, claimMs. */
export const refreshClaimScript = script(`${whileHeld}
if held then redis.call('HSET', KEYS[1], 'until', string.format('%d', now + tonumber(ARGV[2]))) end
return 0
`);

/** KEYS[1]: the record; ARGV: owner. */
export const releaseClaimScript = script(`${whileHeld}
if held then redis.call('HDEL', KEYS[1], 'owner', 'until') end
return 0
`);

/** KEYS[1]: the record; ARGV: call id, value, ttlMs. */
export const writeCallScript = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'call:' .. ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/** The hash field prefix of a call's value in a record. */
export const callFieldPrefix = 'call:';

/**
 * A sliding-window log: one sorted-set member per counted event, scored by its time in µs on
 * Redis' clock. KEYS[1]: the counter; ARGV: limit, windowMs. Answers { 1, 0 } when counted, else
 * { 0, ms until the oldest event leaves the window }.
 */
export const takeScript = script(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local window = tonumber(ARGV[2]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - window))
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[1]) then
  local at = string.format('%d', now)
  -- Within one microsecond the count only grows, so the member is unique.
  redis.call('ZADD', KEYS[1], at, at .. '-' .. count)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return { 1, 0 }
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { 0, math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000)) }
`);
