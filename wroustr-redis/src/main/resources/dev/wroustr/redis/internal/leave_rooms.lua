-- A connection leaves many rooms at once (it closed): it leaves each room's hash, and the rooms
-- its node has no one else in leave the node's set, in one step, so that a closed connection
-- in thousands of rooms is a few commands, each done whole or not at all.
-- KEYS: the node's noderooms set. ARGV: the uuid, the prefix of room hashes, how many rooms it
-- leaves (N), those N rooms, then the rooms the node leaves.
local uuid, prefix, count = ARGV[1], ARGV[2], tonumber(ARGV[3])
for i = 4, 3 + count do
  redis.call('HDEL', prefix .. ARGV[i], uuid)
end
for i = 4 + count, #ARGV do
  redis.call('SREM', KEYS[1], ARGV[i])
end
return count
