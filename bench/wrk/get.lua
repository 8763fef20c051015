-- GET /api/v1/people/{id} with a random id of the file IDS (one id a line; default ids.txt)
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local ids = {}
for line in io.lines(os.getenv("IDS") or "ids.txt") do ids[#ids + 1] = line end
request = function() return wrk.format("GET", "/api/v1/people/" .. ids[math.random(1, #ids)]) end
done = function(summary, latency, requests)
  io.write(string.format("GET: %.0f req/s, p50 %.2f p95 %.2f p99 %.2f ms, errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
