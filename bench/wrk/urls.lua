-- wrk script of bench/http.py: each request takes a random path from the
-- file named by BENCH_URLS (one path a line), and done() prints one line
-- "BENCH_JSON {...}" with the counts and latency percentiles.
--
-- wrk counts only statuses above 399 as errors; response() counts every
-- status that is not 2xx (redirects included) and the X-Page-Cache hits.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("seed", #threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
  requests = {}
  local path = os.getenv("BENCH_URLS")
  assert(path, "BENCH_URLS is not set")
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if line ~= "" then
      table.insert(requests, wrk.format("GET", line))
    end
  end
  file:close()
  assert(#requests > 0, "no URLs in BENCH_URLS")
  non_2xx = 0
  redirects = 0
  page_cache_hits = 0
end

function request()
  return requests[math.random(#requests)]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    if status >= 300 and status < 400 then
      redirects = redirects + 1
    end
  end
  if headers["X-Page-Cache"] == "hit" then
    page_cache_hits = page_cache_hits + 1
  end
end

function done(summary, latency, requests)
  local non_2xx, redirects, hits = 0, 0, 0
  for _, thread in ipairs(threads) do
    non_2xx = non_2xx + (thread:get("non_2xx") or 0)
    redirects = redirects + (thread:get("redirects") or 0)
    hits = hits + (thread:get("page_cache_hits") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"duration_us\": %d, \"requests\": %d, \"bytes\": %d, " ..
    "\"errors\": {\"connect\": %d, \"read\": %d, \"write\": %d, \"timeout\": %d, " ..
    "\"status_4xx_5xx\": %d, \"non_2xx\": %d, \"redirects\": %d}, " ..
    "\"page_cache_hits\": %d, " ..
    "\"latency_us\": {\"mean\": %.1f, \"max\": %d, \"p50\": %d, \"p90\": %d, " ..
    "\"p95\": %d, \"p99\": %d}}\n",
    summary.duration, summary.requests, summary.bytes,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    non_2xx, redirects, hits,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99)))
end
