-- A message to a session: numbered (the session's next seq) and kept in its log, bounded by the
-- server's resumeBuffer messages, the keys' expiry renewed; the node holding the session's socket
-- (the owner) is returned for the caller to tell, as a script publishes nothing.
-- KEYS: the session's hash, log, rooms. ARGV: the text, the most messages kept, the window (ms).
-- Returns {seq, owner}, or nil when there is no such session.
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], seq .. '-0', 't', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return {seq, redis.call('HGET', KEYS[1], 'owner')}
