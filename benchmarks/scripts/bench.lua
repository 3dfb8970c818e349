-- wrk script of the Idem benchmark (benchmarks/run.sh). Arguments after "--":
--   mode     plain  | new (a fresh Idempotency-Key per request) | replay (keys already recorded)
--   run      a run id that makes the keys of this run unique
--   prefix   replay mode: key prefix; key i is <prefix>-<i as 10 digits>, its body {"ref":"<key>","amount":<i>}
--   count    replay mode: keys 0 .. count-1 exist; one is picked at random per request
--   pad      bytes of padding in a "note" field, for large-body runs (plain and new modes)
-- A response counts as a success only if it is 2xx, and in replay mode only if it also carries
-- Idempotent-Replayed: true. done() prints one RESULT line that run.sh parses.

local threads = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", next_id)
   table.insert(threads, thread)
end

function init(args)
   mode = args[1] or "plain"
   run = args[2] or "0"
   prefix = args[3] or ""
   count = tonumber(args[4] or "0")
   pad = tonumber(args[5] or "0")
   padding = pad > 0 and (',"note":"' .. string.rep("x", pad) .. '"') or ""
   counter = 0
   ok = 0
   bad = 0
   statuses = ""
   math.randomseed(os.time() * 1000 + tid)
   json = { ["Content-Type"] = "application/json" }
end

function request()
   counter = counter + 1
   if mode == "replay" then
      local i = math.random(0, count - 1)
      local key = string.format("%s-%010d", prefix, i)
      return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key },
         '{"ref":"' .. key .. '","amount":' .. i .. '}')
   end
   local ref = string.format("bench-%s-%d-%010d", run, tid, counter)
   local body = '{"ref":"' .. ref .. '","amount":' .. counter .. padding .. '}'
   if mode == "new" then
      return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Idempotency-Key"] = ref }, body)
   end
   return wrk.format("POST", nil, json, body)
end

function response(status, headers, body)
   local good = status >= 200 and status < 300
   if good and mode == "replay" then
      local replayed = headers["Idempotent-Replayed"] or headers["idempotent-replayed"]
      good = replayed == "true"
   end
   if good then
      ok = ok + 1
   else
      bad = bad + 1
      if bad <= 3 then
         statuses = statuses .. status .. ";"
      end
   end
end

function done(summary, latency, requests)
   local good, failed, seen = 0, 0, ""
   for _, thread in ipairs(threads) do
      good = good + thread:get("ok")
      failed = failed + thread:get("bad")
      seen = seen .. thread:get("statuses")
   end
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d ok=%d bad=%d socket_errors=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.0f bad_statuses=%s\n",
      summary.requests, summary.duration, good, failed, e.connect + e.read + e.write + e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean, seen == "" and "-" or seen))
end
