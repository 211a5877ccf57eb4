/** The Lua scripts of the Redis store: each runs atomically in Redis, whatever other replicas do. */

/**
 * Sets the field only if it still holds what the caller read (ARGV[2] = "1": the JSON in ARGV[3];
 * "0": absent), so a change computed from a stale read is never written. Comparing the value
 * itself needs no version field; A→B→A in between is harmless, since `change` sees only values.
 */
export const COMPARE_AND_SET = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  if cur ~= ARGV[3] then return 0 end
elseif cur then
  return 0
end
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[5])
else
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return 1`;

/**
 * The ledger's claim as one script, so it is atomic across replicas: the file store's rules
 * (state-data.ts) with the claimant's clock, entries in a hash and their times in a sorted set
 * for pruning. Deletions go in slices: Lua's unpack has a limit on arguments.
 */
export const CLAIM = `
local key, now, entry, oldest, max = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local at = redis.call('ZSCORE', KEYS[2], key)
if at and tonumber(at) >= tonumber(oldest) then return 0 end
while true do
  local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. oldest, 'LIMIT', 0, 500)
  if #old == 0 then break end
  redis.call('HDEL', KEYS[1], unpack(old))
  redis.call('ZREM', KEYS[2], unpack(old))
end
redis.call('HSET', KEYS[1], key, entry)
redis.call('ZADD', KEYS[2], now, key)
local over = redis.call('ZCARD', KEYS[2]) - max
while over > 0 do
  local gone = redis.call('ZRANGE', KEYS[2], 0, math.min(over, 500) - 1)
  redis.call('HDEL', KEYS[1], unpack(gone))
  redis.call('ZREM', KEYS[2], unpack(gone))
  over = over - #gone
end
return 1`;
