-- A resume on a node: the secret's nonce, the identity, the expiry and the log checked, then the
-- session taken by the node with a new nonce, as one step, so that a secret resumes once.
-- KEYS: the session's hash, log, rooms (and its renumbered marks, untouched).
-- ARGV: the hash of the nonce presented, the identity, the count the client received, the hash
-- of the new nonce, the node, 1 to take it from a node that holds it live (that node is gone,
-- or let it go), now (ms), the most messages to return.
-- The count of the client's messages handled is the owner's key (KEYS[1]:handled:OWNER, written
-- after each message), or the hash's when the owner handled none; it moves to the hash, and the
-- new owner's key, if a write of an earlier time left one, goes.
-- Returns {why} when it cannot resume; {'busy', owner} while the owner holds it live; {'stale',
-- owner} after a failover the owner has not repaired the session since (repair_session.lua); or
-- {'ok', handled, expires, seq, room count, rooms..., missed texts...}.
local s = redis.call('HMGET', KEYS[1], 'nonce', 'identity', 'expires', 'seq', 'handled', 'state', 'owner', 'master')
if not s[1] or s[1] ~= ARGV[1] then return {'unknown'} end
-- A stranger holding the secret learns nothing, and the session stays its owner's.
if s[2] ~= ARGV[2] then return {'refused'} end
-- A failover since the owner last wrote the session here (the master's replication id changed):
-- the promoted replica may lack its last messages, or have given their numbers to others, and
-- only the owner, which knows what it delivered, can tell. A claim waits for it to repair.
if s[8] ~= string.match(redis.call('INFO', 'replication'), 'master_replid:(%x+)') then return {'stale', s[7]} end
local received, seq = tonumber(ARGV[3]), tonumber(s[4])
local why = nil
if tonumber(s[3]) ~= 0 and tonumber(ARGV[7]) >= tonumber(s[3]) then why = 'credentials-expired'
elseif received > seq then why = 'unknown'
elseif received < seq then
  -- An id without its mark: every entry of that number.
  local first = redis.call('XRANGE', KEYS[2], received + 1, received + 1)
  if #first == 0 then why = 'overrun' end
end
if why then
  -- The secret is used up whatever the outcome: the session waits out its window.
  redis.call('HSET', KEYS[1], 'nonce', '-')
  return {why}
end
if s[6] == 'live' and ARGV[6] ~= '1' then return {'busy', s[7]} end
local handled = redis.call('GET', KEYS[1] .. ':handled:' .. s[7]) or s[5]
redis.call('DEL', KEYS[1] .. ':handled:' .. s[7], KEYS[1] .. ':handled:' .. ARGV[5])
redis.call('HSET', KEYS[1], 'nonce', ARGV[4], 'owner', ARGV[5], 'state', 'live', 'handled', handled)
local out = {'ok', handled, s[3], s[4]}
local rooms = redis.call('SMEMBERS', KEYS[3])
out[#out + 1] = tostring(#rooms)
for _, room in ipairs(rooms) do out[#out + 1] = room end
if received < seq then
  for _, entry in ipairs(redis.call('XRANGE', KEYS[2], (received + 1) .. '-0', '+', 'COUNT', ARGV[8])) do
    out[#out + 1] = entry[2][2]
  end
end
return out
