-- wrk script: every request carries the next token of a file of pre-minted tokens (one a line), so that
-- each request is a distinct token (with more tokens than the verifier's cache holds, each one is a miss).
--   TOKENS_FILE=distinct.txt wrk -t1 -c32 -d10s -s distinct.lua http://127.0.0.1:18080/protected
local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local headers = {}
local next_index = 0

function init(args)
  local path = os.getenv("TOKENS_FILE") or args[1] or "distinct.txt"
  for line in io.lines(path) do
    if #line > 0 then headers[#headers + 1] = { ["Authorization"] = "Bearer " .. line } end
  end
  assert(#headers > 0, "no tokens in " .. path)
  next_index = (offset or 0) % #headers
end

function request()
  next_index = next_index + 1
  if next_index > #headers then next_index = 1 end
  return wrk.format("GET", nil, headers[next_index])
end
