-- A message to a session: numbered (the session's next seq) and kept in its log, bounded by the
-- server's resumeBuffer messages (MAXLEN ~: a resume finds out whether the log still has what it
-- needs, so keeping a little more costs nothing but memory); the node holding the session's
-- socket (the owner) is returned for the caller to tell, as a script publishes nothing. The keys'
-- expiry is the owner's to renew (a window after it stops, they go), but for the log's first.
-- Its log id is SEQ-MARK, MARK a random number the caller chose: where a failover lost the last
-- increments and a number is given again, the mark tells the two messages apart (repair_session.lua).
-- KEYS: the session's hash, log. ARGV: the text, the most messages kept, the window (ms), the mark.
-- Returns {seq, owner}, or nil when there is no such session.
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner then return nil end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], seq .. '-' .. ARGV[4], 't', ARGV[1])
if seq == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
return {seq, owner}
