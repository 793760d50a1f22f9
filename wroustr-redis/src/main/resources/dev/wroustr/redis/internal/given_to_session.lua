-- A node that sends to a session was given, after a failover, a number not above the last it had
-- been given (N, with its message's mark M): Redis lost the count's last increments, and maybe
-- that message, if the session's node never had it. Only that node can tell, at its next repair
-- (repair_session.lua): kept here until then, and the master's id dropped, so that a resume
-- waits for that repair (claim_session.lua answers stale).
-- KEYS: the session's hash. ARGV: N-M. Returns 1 if kept, 0 if there is no such session.
if not redis.call('HGET', KEYS[1], 'owner') then return 0 end
redis.call('HSET', KEYS[1], 'given', ARGV[1])
redis.call('HDEL', KEYS[1], 'master')
return 1
