# ruff: noqa: S603 - runs this script under valgrind
"""What one page costs in this process: CPU per request, instructions, or a profile.

The page benchmark (``bench_pages.py``) says *whether* a page is within its bounds; this
says *where* its time goes, in the Django test client with the production settings
(``portal.bench_settings``, DEBUG off, gzip asked for), after a warm-up and with the
collector frozen as gunicorn's master freezes it. Each request adds an ignored ``_b``
parameter, so every request renders the page (the page cache never answers).

    python scripts/page_cost.py PATH [N]              CPU per request (process time)
    python scripts/page_cost.py PATH [N] --profile    cProfile by own time (CPU timer)
    python scripts/page_cost.py PATH [N] --callgrind  instructions per request

``--callgrind`` runs this script twice under ``valgrind --tool=callgrind`` (Debian's
valgrind), with the warm-up only and with N more requests, and divides the difference by
N: instruction counts repeat from run to run whatever else the machine does, where CPU
time on a shared machine moves by 5-10%. ``DATABASE_URL`` chooses the database (the real
content: ``make bench-pages``' ``portal_bench_real``); the settings and the cache
(``BENCH_REDIS_URL``) are the benchmark node's (``bench_pages.node_env``).
"""

import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_pages import node_env

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 20


def _setup(collect=True):
    # The benchmark node's settings (portal.bench_settings, DEBUG off, its Redis), for
    # the test client's host; an unset DATABASE_URL leaves the settings' default.
    env = node_env(
        os.environ.get("DATABASE_URL", ""),
        os.environ.get("STATIC_ROOT", str(ROOT / "var" / "static")),
    )
    os.environ.update({key: value for key, value in env.items() if value})
    os.environ["ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if collect:  # pages name their static files by the manifest
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client

    return Client(HTTP_ACCEPT_ENCODING="gzip")


def _requests(client, path: str, count: int) -> None:
    separator = "&" if "?" in path else "?"
    for _ in range(count):
        response = client.get(f"{path}{separator}_b={time.time_ns()}")
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")


def _instructions(path: str, count: int) -> int:
    valgrind = shutil.which("valgrind")
    if not valgrind:
        raise SystemExit("valgrind not found (Debian: apt-get install valgrind)")
    out = Path(tempfile.mkdtemp(prefix="page-cost-")) / "callgrind.out"
    subprocess.run(
        [
            valgrind,
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            path,
            str(count),
            "--inside",
        ],
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    totals = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
    if not totals:
        raise SystemExit(f"no totals in {out}")
    return int(totals.group(1))


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    path = argv[0]
    count = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 300
    inside = "--inside" in argv
    client = _setup(collect=not inside)
    if "--callgrind" in argv:
        count = min(count, 50)
        bare, full = _instructions(path, 0), _instructions(path, count)
        print(f"{path}: {(full - bare) / count / 1e6:.2f} M instructions/request")
        return
    _requests(client, path, WARM_UP)
    gc.collect()
    gc.freeze()
    if inside:
        _requests(client, path, count)
        return
    if "--profile" in argv:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)
        profile.enable()
        _requests(client, path, count)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(40)
        return
    started = time.process_time()
    _requests(client, path, count)
    cpu = (time.process_time() - started) / count * 1000
    print(f"{path}: {cpu:.2f} ms CPU/request ({count} requests)")


if __name__ == "__main__":
    main(sys.argv[1:])
