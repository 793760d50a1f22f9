-- Redis lost messages sent to a session before its node had them (a failover): its client's count
-- no longer matches the log, so the session forfeits its resume. Its secret is used up (a resume
-- is told unknown, as for any secret Redis does not know), and nothing else changes: messages
-- sent to it are still numbered and delivered while its socket is up. Only the node that holds it.
-- KEYS: the session's hash. ARGV: the node. Returns 1 if it was the node's.
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'nonce', '-')
return 1
