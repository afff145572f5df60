# ruff: noqa: S603 - runs the project's own gunicorn
"""Page benchmark: every page type, uncached and cached, as a ratio to a bare view.

Run by ``make bench-pages``. For each database given (the real content, and the 100k
meetings of ``bench_search``'s corpus) it starts one production-mode gunicorn node
(``portal.bench_settings``: the production settings plus ``/bench/bare``, a view that
runs the whole middleware stack and returns two bytes), then per page type:

- uncached: one client, each request a new cache key (an ignored ``_b`` parameter), so
  every request renders the page and stores it; p50/p95 wall time, and the server's CPU
  per request (its processes' utime + stime from /proc);
- cached: the same, with one key (after one warm-up request);

each also as a ratio to the bare view measured the same way in the same run, with the
machine's load average (1 min) when the row was measured (the machine may be shared). Then
requests/s, p95 and errors at 16 and 64 concurrent clients on a cached page and on the
bare view, driven by ``wrk`` (C, one thread, keep-alive connections, with
``bench_pages.lua`` for p95 and errors) so that the clients take little of the CPU the
server is measured on; without ``wrk`` it falls back to Python threads, and says so. Every
loop is bounded in requests and seconds.

Given several databases (smallest first: the real size, 10k and 100k meetings), it ends
with a growth table: each page's uncached p95 and CPU per request in every database, each
as a multiple of the previous database's, and whether the page is within the issue's
bounds: p95 at most 100 ms in the last database and at most 1.5x the one before it.

    python scripts/bench_pages.py NAME=DATABASE_URL [NAME=DATABASE_URL ...]
"""

import http.client
import os
import re
import resource
import runpy
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8175"))
UNCACHED_REQUESTS = int(os.environ.get("BENCH_UNCACHED", "20"))
CACHED_REQUESTS = int(os.environ.get("BENCH_CACHED", "200"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
PAGES = [
    ("bare view", "/bench/bare"),
    ("home", "/en/"),
    ("meetings list", "/en/meetings/"),
    ("meetings list, words", "/en/meetings/?q=%E5%90%88%E4%BD%9C"),
    ("meetings list, page 50", "/en/meetings/?page=50"),
    ("documents list", "/en/documents/"),
    ("mechanisms list", "/en/mechanisms/"),
    ("mechanism (SCO)", "/en/mechanisms/sco/"),
    ("countries list", "/en/countries/"),
    ("country (China)", "/en/countries/china/"),
    ("topic", "/en/topics/biodiversity/"),
    ("meeting", "/en/meetings/sco-green-development-forum-2024/"),
    ("document", "/en/documents/sco-environmental-cooperation-concept-2018/"),
    ("glossary", "/en/glossary/"),
    ("news list", "/en/news/"),
    ("news brief", "/en/news/tajikistan-sco-chairmanship-briefing-2021/"),
    ("search", "/en/search/?q=climate"),
    ("RSS feed", "/en/news/rss.xml"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap section", "/sitemap-meeting.xml"),
]
SKIP = set(filter(None, os.environ.get("BENCH_SKIP", "").split(",")))
#: Only the concurrent rows (to compare server settings): BENCH_CONCURRENT_ONLY=1.
CONCURRENT_ONLY = os.environ.get("BENCH_CONCURRENT_ONLY") == "1"
CONCURRENT_SECONDS = min(SECONDS, 8)
WRK = shutil.which("wrk")
WRK_REPORT = ROOT / "scripts" / "bench_pages.lua"
#: The most of one core wrk used per number of clients (printed under the table).
CLIENT_CPU: dict[int, float] = {}
#: The issue's bounds: uncached p95 at most 100 ms, at most 1.5x from one size to the next.
P95_BOUND_MS = 100.0
GROWTH_BOUND = 1.5


def node_env(database_url, static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.bench_settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-pages-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_TIMEOUT": "300",
        "LOG_REQUESTS": "0",
        # Redis, as production runs: one cache for both workers (local memory would make
        # each worker's first request of a page a miss).
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
        "CACHE_KEY_PREFIX": f"bench-{time.time_ns()}",
    }


def get(path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, (time.perf_counter() - started) * 1000, len(body)
    finally:
        connection.close()


def server_cpu(pid):
    """CPU time (s) of the gunicorn master and its workers, every thread of each.

    From each thread's ``schedstat`` (nanoseconds on a CPU) where the kernel keeps it:
    ``stat``'s utime and stime count in clock ticks (10 ms), so 100 requests of the
    bare view (about 200 ms of CPU over three processes) were read to within 15%.
    """
    total = 0.0
    for process in [pid, *children(pid)]:
        try:
            total += _precise_cpu(process)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def _precise_cpu(process):
    tasks = Path(f"/proc/{process}/task")
    if Path(f"/proc/{process}/schedstat").exists():
        nanoseconds = 0
        for task in tasks.iterdir():
            try:
                nanoseconds += int((task / "schedstat").read_text().split()[0])
            except FileNotFoundError:  # a thread that has just ended
                continue
        return nanoseconds / 1e9
    fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def percentile(samples, pct):
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))]


def _timed(pid, path, count, cached, seconds=None):
    """(wall times in ms, server CPU in s, bytes of the last answer) of ``count`` requests,
    fewer when they pass ``seconds``; a new cache key per request unless ``cached``."""
    separator = "&" if "?" in path else "?"
    times, size, started = [], 0, time.monotonic()
    cpu_before = server_cpu(pid)
    for n in range(count):
        url = path if cached else f"{path}{separator}_b={time.time_ns()}{n}"
        status, ms, size = get(url, {"Accept-Encoding": "gzip"})
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        times.append(ms)
        if seconds is not None and time.monotonic() - started > seconds and len(times) >= 3:
            break
    return times, server_cpu(pid) - cpu_before, size


def sequential(pid, path, count, cached):
    """p50, p95 (ms), CPU per request (ms), bytes; new cache key per request unless cached."""
    if cached:
        get(path, {"Accept-Encoding": "gzip"})
    times, cpu, size = _timed(pid, path, count, cached, SECONDS)
    return percentile(times, 50), percentile(times, 95), cpu * 1000 / len(times), size, len(times)


def interleaved(pid, path, bare_path, count):
    """``sequential`` uncached, and the bare view's CPU per request measured in between:
    blocks of ``BLOCK`` requests of the bare view and of the page take turns, so both
    meet the same machine. Returns p50, p95, CPU per request, the bare view's, bytes."""
    times, cpu, bare_cpu, bare_count, size = [], 0.0, 0.0, 0, 0
    started = time.monotonic()
    while len(times) < count and (time.monotonic() - started <= SECONDS or len(times) < 3):
        block = min(BLOCK, count - len(times))
        bare_times, block_bare_cpu, _ = _timed(pid, bare_path, block, False)
        block_times, block_cpu, size = _timed(pid, path, block, False)
        times += block_times
        cpu += block_cpu
        bare_cpu += block_bare_cpu
        bare_count += len(bare_times)
    per_request = cpu * 1000 / len(times)
    bare = bare_cpu * 1000 / bare_count
    return percentile(times, 50), percentile(times, 95), per_request, bare, size


def concurrent(path, clients):
    """Requests/s, p95 (ms) and errors with ``clients`` connections for a bounded time."""
    if WRK:
        return concurrent_wrk(path, clients)
    return concurrent_threads(path, clients)


def concurrent_wrk(path, clients):
    """``wrk``: one thread drives every connection; socket errors and 4xx/5xx are errors."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = subprocess.run(
        [
            WRK,
            "--threads=1",
            f"--connections={clients}",
            f"--duration={CONCURRENT_SECONDS:.0f}s",
            "--timeout=5s",
            f"--script={WRK_REPORT}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in report.splitlines() if line.startswith("bench-pages: "))
    requests, duration_us, p95_us, *errors = (int(n) for n in line.split()[1:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    CLIENT_CPU[clients] = max(CLIENT_CPU.get(clients, 0), used / (duration_us / 1e6))
    return requests / (duration_us / 1e6), p95_us / 1000, sum(errors)


def concurrent_threads(path, clients):
    """Python threads in this process: they share the server's CPU (the fallback)."""
    stop = time.monotonic() + CONCURRENT_SECONDS
    times, errors, lock = [], [0], threading.Lock()

    def client():
        while time.monotonic() < stop:
            try:
                status, ms, _size = get(path, {"Accept-Encoding": "gzip"})
            except OSError:
                status, ms = 0, 0
            with lock:
                times.append(ms)
                if status != 200:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times) / (time.monotonic() - started), percentile(times, 95), errors[0]


def start_node(env):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / "bench-node.log", "ab"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if get("/readyz")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the benchmark node did not start (see bench-node.log)")


def deepest_full_section(path):
    """The sitemap index's deepest section of ``path`` that is full: the one before the
    last. A section is a fixed range of primary keys (portal.sitemaps), so the last one
    holds what the corpus leaves over (91 meetings at 10k, 181 at 100k): comparing
    it across sizes compared different numbers of URLs, not depths."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    try:
        connection.request("GET", "/sitemap.xml")
        body = connection.getresponse().read().decode()
    finally:
        connection.close()
    numbers = sorted({int(n) for n in re.findall(re.escape(path) + r"\?p=(\d+)", body)})
    if not numbers:
        return path
    return f"{path}?p={numbers[-2] if len(numbers) > 1 else numbers[-1]}"


def bench(name, database_url):
    """Measure every page on one database; return {label: (uncached p95, uncached CPU)}."""
    results = {}
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = node_env(database_url, static_root)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    node = start_node(env)
    try:
        deepest = deepest_full_section("/sitemap-meeting.xml")
        pages = [*PAGES, ("sitemap section, deepest full", deepest)]
        warm_up(pages)
        print(f"\n### {name}\n")
        if not CONCURRENT_ONLY:
            pages_table(node.pid, pages, results)
        concurrent_table()
    finally:
        node.terminate()
        node.wait(timeout=60)
    return results


#: The node's gunicorn settings, read from gunicorn.conf.py as the node reads them.
SERVER = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
#: Requests in flight per page during the warm-up: each worker's threads all busy, so
#: that every worker gets some of them.
WARM_CLIENTS = SERVER["workers"] * SERVER["threads"]


def warm_up(pages):
    """Every worker imports, connects, fills its template cache and loads what a page
    loads once per process (the search's kept rows, the variants map) before anything is
    measured. Sequential requests reach whichever worker accepts first, often the same
    one: each page is asked by ``WARM_CLIENTS`` clients at once, twice."""
    for _label, path in pages:
        for _round in range(2):
            clients = [
                threading.Thread(
                    target=get,
                    args=(f"{path}{'&' if '?' in path else '?'}_warm={time.time_ns()}{n}",),
                )
                for n in range(WARM_CLIENTS)
            ]
            for client in clients:
                client.start()
            for client in clients:
                client.join()


#: Uncached requests of a page and of the bare view take turns in blocks of this many.
#: The machine's speed drifts: on a shared 2-core VM the bare view measured 1.5 and
#: 2.2 ms of CPU a minute apart, more than a page's cost moves with what the page does,
#: so a ratio to the bare view measured at another time moved by 1x or more either way.
BLOCK = int(os.environ.get("BENCH_BLOCK", "10"))


def pages_table(pid, pages, results):
    """Every page uncached and cached, each as a ratio to the bare view (the first row),
    and uncached also to the bare view measured in turns with it (``interleaved``)."""
    print(
        "| page | uncached p50 | uncached p95 | uncached CPU/req | CPU x bare "
        "| CPU x bare beside | cached p50 | cached p95 | cached CPU/req | CPU x bare "
        "| size (gzip) | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    bare = None
    for label, path in pages:
        if label in SKIP:
            continue
        if bare is None:
            # The bare view is the denominator of every ratio: it gets as many requests
            # uncached as cached (it is never cached anyway).
            u50, u95, ucpu, _size, _n = sequential(pid, path, CACHED_REQUESTS, False)
            beside = ucpu
        else:
            u50, u95, ucpu, beside, _size = interleaved(pid, path, pages[0][1], UNCACHED_REQUESTS)
        c50, c95, ccpu, size, _n = sequential(pid, path, CACHED_REQUESTS, True)
        if bare is None:
            bare = (max(ucpu, 0.01), max(ccpu, 0.01))
        beside = max(beside, 0.01)
        results[label] = (u95, ucpu)
        print(
            f"| {label} | {u50:.1f} ms | {u95:.1f} ms | {ucpu:.1f} ms | {ucpu / bare[0]:.1f}x "
            f"| {ucpu / beside:.1f}x ({beside:.1f} ms) "
            f"| {c50:.1f} ms | {c95:.1f} ms | {ccpu:.2f} ms | {ccpu / bare[1]:.1f}x "
            f"| {size / 1024:.1f} KB | {os.getloadavg()[0]:.1f} |",
            flush=True,
        )


def concurrent_table():
    """Requests/s, p95 and errors at 16 and 64 clients: the bare view and a cached page."""
    if not WRK:
        print(
            "\nwrk not found (Debian: apt-get install wrk): the clients below are Python"
            " threads on this machine, sharing its CPU with the server."
        )
    print(f"\nClients: {'wrk, 1 thread, keep-alive' if WRK else 'Python threads'}.")
    print("\n| concurrent clients | page | requests/s | p95 | errors | load |")
    print("|---|---|---|---|---|---|")
    for clients in (16, 64):
        for label, path in (("bare view", PAGES[0][1]), ("meetings list, cached", PAGES[2][1])):
            get(path, {"Accept-Encoding": "gzip"})  # cached from here on
            load = os.getloadavg()[0]  # before the row: what else the machine was doing
            rate, p95, errors = concurrent(path, clients)
            print(
                f"| {clients} | {label} | {rate:.0f} | {p95:.1f} ms | {errors} | {load:.1f} |",
                flush=True,
            )
    if CLIENT_CPU:
        used = ", ".join(f"{n} clients {share:.0%}" for n, share in CLIENT_CPU.items())
        print(f"\nwrk's own CPU, at most, as a share of one core: {used}.")


def growth(measured):
    """Each page's uncached p95 and CPU per database, and their growth from the previous."""
    names = list(measured)
    print("\n### Growth (uncached)\n")
    head = ["page"]
    for n, name in enumerate(names):
        head += [f"{name} p95", f"{name} CPU"]
        if n:
            head += [f"p95 x {names[n - 1]}", f"CPU x {names[n - 1]}"]
    print("| " + " | ".join([*head, "within bounds"]) + " |")
    print("|" + "---|" * (len(head) + 1))
    labels = [label for label in measured[names[-1]] if all(label in m for m in measured.values())]
    for label in labels:
        cells, within = [label], True
        for n, name in enumerate(names):
            p95, cpu = measured[name][label]
            cells += [f"{p95:.1f} ms", f"{cpu:.1f} ms"]
            if n:
                before_p95, before_cpu = measured[names[n - 1]][label]
                p95_growth, cpu_growth = p95 / max(before_p95, 0.01), cpu / max(before_cpu, 0.01)
                cells += [f"{p95_growth:.2f}x", f"{cpu_growth:.2f}x"]
                if n == len(names) - 1:  # the bound is for the last two sizes (10k -> 100k)
                    within = p95_growth <= GROWTH_BOUND
        within = within and measured[names[-1]][label][0] <= P95_BOUND_MS
        print("| " + " | ".join([*cells, "yes" if within else "**no**"]) + " |", flush=True)


def server_settings():
    """The node's gunicorn settings, as one line above the tables."""
    conf = SERVER
    return (
        f"gunicorn {conf['workers']} {conf['worker_class']} workers x {conf['threads']} threads,"
        f" a worker replaced after ~{conf['max_requests']} requests,"
        f" {'a listening socket per worker' if conf['reuse_port'] else 'one shared socket'}"
    )


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    print(f"bench-pages {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")
    print(server_settings())
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    measured = {}
    for spec in argv:
        name, _, url = spec.partition("=")
        measured[name] = bench(name, url)
    if len(measured) > 1:
        growth(measured)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
