-- The session's socket went, and its node has handled all that arrived: a resume on any node
-- may claim it now without waiting for that node. Only the node that holds it says so.
-- KEYS: the session's hash. ARGV: the node. Returns 1 if marked.
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'away')
return 1
