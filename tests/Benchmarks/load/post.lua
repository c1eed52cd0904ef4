-- wrk script: POST the AdmissionReview in $REVIEW_FILE to every connection.
-- With $DELAY_MS set, each connection waits that long before each request (a fixed-rate run:
-- rate ~= connections * 1000 / DELAY_MS while the server answers well within the delay).
local file = assert(io.open(os.getenv("REVIEW_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end
