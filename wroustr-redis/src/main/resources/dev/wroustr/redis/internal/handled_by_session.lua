-- How many of the client's messages the session's node has handled, written after each one;
-- only by the node that holds it, so a node that lost it to a resume elsewhere writes nothing.
-- KEYS: the session's hash. ARGV: the node, the count. Returns 1 if written.
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'handled', ARGV[2])
return 1
