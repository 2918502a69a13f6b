-- wrk at a fixed mean rate: each connection waits a random 0.5-1.5x WRK_MEAN_DELAY_MS after
-- every answer (the jitter keeps the connections from firing in step). wrk starts a request's
-- clock after the wait, so its latencies are the answers' own (bench/gateway_bench.py).
local mean = tonumber(os.getenv("WRK_MEAN_DELAY_MS"))

function init(args)
   math.randomseed(math.floor(os.clock() * 1000000) + tonumber(tostring({}):match("0x(%x+)"), 16))
end

function delay()
   return math.floor(mean * (0.5 + math.random()))
end
