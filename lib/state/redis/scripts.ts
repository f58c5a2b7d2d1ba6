/**
 * The Lua scripts behind the Redis store's atomic operations. Redis runs a script as one step,
 * so a check and the write it decides on can never interleave with another instance's.
 * Lease scores use the Redis server's clock (`TIME`), so instances with skewed clocks agree on
 * when a lease lapsed.
 *
 * @module
 */

/** KEYS: counter, ARGV: by, ttlMs → the new value. */
export const INCREMENT = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return value`;

/**
 * KEYS: previous window, current window; ARGV: limit, elapsed fraction, ttlMs
 * → {admitted (0/1), previous, current}.
 */
export const COUNT_IN_WINDOW = `
local previous = tonumber(redis.call('GET', KEYS[1]) or '0')
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * (1 - tonumber(ARGV[2])) + current + 1 > tonumber(ARGV[1]) then
  return {0, previous, current}
end
current = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {1, previous, current}`;

const SERVER_NOW_MS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: lease set; ARGV: holder, max, ttlMs → 1 when taken. */
export const ACQUIRE_LEASE = `${SERVER_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** KEYS: lease set; ARGV: holder, ttlMs. Only a lease still held is renewed. */
export const RENEW_LEASE = `${SERVER_NOW_MS}
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** KEYS: hash; ARGV: ttlMs, then field, amount pairs. */
export const ADD_TO_HASH = `
for i = 2, #ARGV, 2 do
  redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 0`;
