-- POST /api/v1/people/search with one of the suite's queries; VARY=1 draws a new value each request
-- (so the index's condition cache cannot answer), VARY=0 repeats the suite's exact query.
local kind = os.getenv("Q")
local vary = os.getenv("VARY") == "1"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local letters = "abcdefghijklmnopqrstuvwxyz"
local function l() local i = math.random(1, 26) return letters:sub(i, i) end
local function tag(n) return string.format("tag-%02d", n) end
local function cond(f, o, v) return '{"field":"' .. f .. '","operator":"' .. o .. '","value":' .. v .. '}' end
local function q()
  if kind == "email" then return cond("emails", "contains", '"' .. (vary and (l() .. l() .. l()) or "northwind") .. '"') end
  if kind == "name" then return cond("name", "starts_with", '"' .. (vary and (l():upper() .. l()) or "Mar") .. '"') end
  if kind == "tag" then return cond("tags", "=", '"' .. (vary and tag(math.random(0, 99)) or "tag-42") .. '"') end
  if kind == "attr" then local p = {"free","basic","pro","enterprise"}; return cond("attributes.plan", "=", '"' .. (vary and p[math.random(1,4)] or "enterprise") .. '"') end
  if kind == "range" then local a = vary and math.random(0, 900) or 100; return cond("attributes.seats", "between", "[" .. a .. "," .. (a + 100) .. "]") end
  if kind == "and3" then return '{"and":[' .. cond("tags", "=", '"' .. (vary and tag(math.random(0,99)) or "tag-07") .. '"') .. "," .. cond("attributes.plan", "=", '"basic"') .. "," .. cond("companies.industry", "=", '"Software"') .. ']}' end
  if kind == "nested" then
    local t = vary and tag(math.random(0, 99)) or "tag-01"
    local s = vary and math.random(100, 800) or 400
    local n = vary and (l():upper() .. l() .. l()) or "Zoe"
    return '{"or":[{"and":[' .. cond("tags", "=", '"' .. t .. '"') .. ',{"or":[' .. cond("attributes.seats", ">", s) .. "," .. cond("emails", "ends_with", '".org"') .. ']}]},{"and":[' .. cond("name", "starts_with", '"' .. n .. '"') .. "," .. cond("attributes.plan", "in", '["pro","enterprise"]') .. ']}]}'
  end
end
request = function() return wrk.format(nil, "/api/v1/people/search", nil, '{"query":' .. q() .. ',"limit":50}') end
done = function(summary, latency, requests)
  io.write(string.format("%s vary=%s: %.0f req/s, p50 %.2f p95 %.2f p99 %.2f ms, errors %d\n", kind, tostring(vary),
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
