-- The numbering of a session put back after Redis lost writes to it (a failover whose promoted
-- replica lacked the last appends: replication is asynchronous). Such a replica gives new
-- messages numbers the node holding the session delivered already; each log id carries the
-- appender's mark (SEQ-MARK), so the node, which knows the marks of the numbers it delivered
-- last, tells such a message from the one it delivered. Done by the node that holds the session:
-- the count put back to at least the highest number it has had; each message that took a number
-- it delivered with another mark (in the log, or heard and passed here) appended again, once
-- (its mark kept in a set), after the rest; the log emptied below the next number it delivers, as
-- below it the log may lack messages or hold others than the client had: a resume from there finds
-- it short (overrun, the client is told). The master's replication id is kept (master): a resume
-- knows from it that the session was repaired since the last failover (claim_session.lua).
-- KEYS: the session's hash, log, renumbered set.
-- ARGV: the node, the highest number it has had, the next it delivers, the lowest number whose
-- mark it knows (lo), the window (ms), k, the marks of numbers lo .. lo+k-1 ('0': not known),
-- then pairs of (mark, text) heard with a number given twice.
-- Returns {-1} if another node holds the session, {-2} if there is no such session; else {how
-- far the count was behind, the number and mark another node said it was given before Redis gave
-- it lower ones (given_to_session.lua; '' if none), then the id and text of each message appended
-- again}.
local s = redis.call('HMGET', KEYS[1], 'owner', 'seq', 'given')
if not s[1] then return {-2} end
if s[1] ~= ARGV[1] then return {-1} end
local count = tonumber(s[2])
local highest, nxt, lo, k = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[6])
local behind = highest - count
if behind > 0 then count = highest end
local out = {math.max(behind, 0), s[3] or ''}
local function renumber(mark, text)
  if redis.call('SADD', KEYS[3], mark) == 0 then return end
  count = count + 1
  local id = count .. '-' .. mark
  redis.call('XADD', KEYS[2], id, 't', text)
  out[#out + 1] = id
  out[#out + 1] = text
end
if k > 0 then
  for _, entry in ipairs(redis.call('XRANGE', KEYS[2], lo .. '-0', '(' .. nxt .. '-0')) do
    local dash = string.find(entry[1], '-', 1, true)
    local mark = string.sub(entry[1], dash + 1)
    local known = ARGV[7 + tonumber(string.sub(entry[1], 1, dash - 1)) - lo]
    if known and known ~= '0' and known ~= mark then renumber(mark, entry[2][2]) end
  end
end
for i = 7 + k, #ARGV, 2 do renumber(ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'seq', count, 'master', string.match(redis.call('INFO', 'replication'), 'master_replid:(%x+)'))
if s[3] then redis.call('HDEL', KEYS[1], 'given') end
if behind > 0 or #out > 2 then
  redis.call('XTRIM', KEYS[2], 'MINID', nxt .. '-0')
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
return out
