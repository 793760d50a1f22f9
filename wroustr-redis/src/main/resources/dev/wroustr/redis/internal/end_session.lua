-- The session ended on its node (its window ran out, or it closed): its keys go, unless another
-- node resumed it meanwhile. KEYS: the session's hash, log, rooms, renumbered marks (and the
-- node's handled count, KEYS[1]:handled:NODE). ARGV: the node.
-- Returns the session's lookup id (its lookup key is the caller's to delete); '' if the session
-- is gone from Redis already (its keys expired, or Redis lost them), which leaves it the node's
-- to end; nil if another node holds it now.
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[1] .. ':handled:' .. ARGV[1])
  return ''
end
if owner ~= ARGV[1] then return nil end
local lid = redis.call('HGET', KEYS[1], 'lid')
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[1] .. ':handled:' .. ARGV[1])
return lid
