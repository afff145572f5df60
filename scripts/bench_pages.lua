-- wrk report for scripts/bench_pages.py: one line with requests/s, p95 and errors.
-- Errors are wrk's socket errors (connect, read, write, timeout) and answers >= 400.
wrk.headers["Accept-Encoding"] = "gzip"

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "bench-pages: %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(95),
    errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
end
