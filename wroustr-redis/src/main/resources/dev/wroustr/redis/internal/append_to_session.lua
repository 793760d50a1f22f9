-- A message to a session: numbered (the session's next seq) and kept in its log, bounded by the
-- server's resumeBuffer messages (MAXLEN ~: a resume finds out whether the log still has what it
-- needs, so keeping a little more costs nothing but memory). The node holding the session's
-- socket (the owner) is told: on one Redis by this script, in the same round trip; on a Redis
-- Cluster by the caller, as the owner's channel is on another shard. The keys' expiry is the
-- owner's to renew (a window after it stops, they go), but for the log's first.
-- Its log id is SEQ-MARK, MARK a random number the caller chose: where a failover lost the last
-- increments and a number is given again, the mark tells the two messages apart (repair_session.lua).
-- KEYS: the session's hash, log. ARGV: the text, the most messages kept, the window (ms), the
-- mark, the session's uuid, the calling node, and the prefix of the nodes' channels ('' on a
-- Redis Cluster).
-- Returns {seq, owner, 1 if told here, else 0}, or nil when there is no such session.
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner then return nil end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], seq .. '-' .. ARGV[4], 't', ARGV[1])
if seq == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
if ARGV[7] ~= '' and owner ~= ARGV[6] then
  redis.call('PUBLISH', ARGV[7] .. owner, ARGV[5] .. ' ' .. seq .. '-' .. ARGV[4] .. ' ' .. ARGV[1])
  return {seq, owner, 1}
end
return {seq, owner, 0}
