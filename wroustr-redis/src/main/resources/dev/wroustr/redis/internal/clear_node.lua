-- Removes a node's presence and tells every node it is gone, as one step: no node can read
-- presence without the node's uuids and still route to them from what it kept of where they live.
-- KEYS: the where hash, the node's conns set, the node's noderooms set, the nodes set.
-- ARGV: the node's id, the prefix of room hashes, the node-gone channel, and how to publish on it
-- (PUBLISH; SPUBLISH on a Redis Cluster, where the channel shares the keys' hash tag).
-- Room hashes are named from the noderooms set: on a Redis Cluster every key shares one hash tag.
local node = ARGV[1]
for _, uuid in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('HGET', KEYS[1], uuid) == node then redis.call('HDEL', KEYS[1], uuid) end
end
for _, room in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local key = ARGV[2] .. room
  local members = redis.call('HGETALL', key)
  for i = 1, #members, 2 do
    if members[i + 1] == node then redis.call('HDEL', key, members[i]) end
  end
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SREM', KEYS[4], node)
redis.call(ARGV[4], ARGV[3], node)
return 1
