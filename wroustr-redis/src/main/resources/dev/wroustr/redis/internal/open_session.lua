-- A session opens: its hash written fresh, its log and rooms emptied, all expiring after the
-- window unless the node that holds it touches them again. One session's keys (one hash tag).
-- The master's replication id is kept (master): a failover changes it (see claim_session.lua).
-- KEYS: the session's hash, log (a stream), rooms (a set) and renumbered marks (a set, repair_session.lua).
-- ARGV: the lookup id, the hash of the secret's nonce, the owner node, the identity, when the
-- credentials expire (ms, 0: never), the window (ms).
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
redis.call('HSET', KEYS[1], 'lid', ARGV[1], 'nonce', ARGV[2], 'owner', ARGV[3], 'state', 'live',
  'identity', ARGV[4], 'expires', ARGV[5], 'seq', 0, 'handled', 0,
  'master', string.match(redis.call('INFO', 'replication'), 'master_replid:(%x+)'))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
