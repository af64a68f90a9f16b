-- wrk script of the Haven load tool: POSTs GraphQL requests read from a file (first line: the
-- query as a JSON string; then one line of variables per request). Each thread starts at its own
-- offset and cycles through the requests; done() prints the summary as one JSON line.
-- Arguments (after wrk's --): the request file, the number of threads.
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  local f = assert(io.open(args[1], "r"))
  local query = f:read("*l")
  vars = {}
  for line in f:lines() do
    if line ~= "" then vars[#vars + 1] = line end
  end
  f:close()
  prefix = '{"query":' .. query .. ',"variables":'
  n = #vars
  local threads = tonumber(args[2]) or 1
  i = ((tid or 0) * math.floor(n / threads)) % n
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  i = i % n + 1
  return wrk.format(nil, nil, nil, prefix .. vars[i] .. '}')
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"durationUS":%d,"p50US":%d,"p99US":%d,"statusErrors":%d,"socketErrors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
