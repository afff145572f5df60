# ruff: noqa: S603, S607 - runs the project's own commands and psql
"""Two app nodes behind a round-robin proxy, sharing one PostgreSQL database and Redis.

Run by ``make test-nodes``. It builds a fresh database, starts two gunicorn nodes in
production mode and a small Python proxy in front, then checks that:

1. both nodes serve pages through the proxy, cached (Redis) after the first request;
2. an edit and a publish made in the admin of node A are visible at once through node B
   and through the proxy (the content generation advances for every node);
3. node B restarted under load (gunicorn's graceful stop, then a new start) costs no
   failed request at the proxy, and B serves again afterwards.

Exits 0 when all hold, 1 with the reason otherwise. Environment (defaults in brackets):
NODES_DATABASE_URL [postgres://postgres@127.0.0.1:5432/portal_nodes], NODES_REDIS_URL
[redis://127.0.0.1:6379/2], NODES_PORTS [8172,8173,8174: node A, node B, proxy].
"""

import html.parser
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get(
    "NODES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_nodes"
)
REDIS_URL = os.environ.get("NODES_REDIS_URL", "redis://127.0.0.1:6379/2")
PORT_A, PORT_B, PROXY_PORT = (
    int(p) for p in os.environ.get("NODES_PORTS", "8172,8173,8174").split(",")
)
LOG_DIR = Path(tempfile.gettempdir())
ADMIN_USER, ADMIN_PASSWORD = "nodes-admin", "nodes-admin-password-0123"
MEETING = "sco-green-development-forum-2024"
LOAD_PATHS = ["/en/", "/ru/meetings/", "/zh-hans/countries/", f"/en/meetings/{MEETING}/"]


def log(message):
    print(f"[two-nodes {time.strftime('%H:%M:%S')}] {message}", flush=True)


def fail(message):
    log(f"FAILED: {message}")
    raise SystemExit(1)


def node_env(static_root):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "two-nodes-test-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": static_root,
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "LOG_REQUESTS": "0",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    """A fresh database with the content and an admin; static files; an empty cache."""
    url = urllib.parse.urlsplit(DATABASE_URL)
    admin_url = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    name = url.path.lstrip("/")
    subprocess.run(["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_portal_fixtures", "-v0")
    email = "nodes-admin@example.org"
    manage(env, "createsuperuser", "--noinput", "--username", ADMIN_USER, "--email", email)
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")


def start_node(env, port):
    node_env_ = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=node_env_,
        stdout=subprocess.DEVNULL,
        stderr=open(LOG_DIR / f"node-{port}.log", "ab"),  # noqa: SIM115 - the node keeps it
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if request(port, "/readyz")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    fail(f"node on port {port} did not become ready (see {LOG_DIR}/node-{port}.log)")


def request(port, path, method="GET", body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Proxy(BaseHTTPRequestHandler):
    """Round-robin over the nodes; a GET that cannot reach a node is sent to the next."""

    backends: list[int] = []
    turn = 0
    lock = threading.Lock()
    served: dict[int, int] = {}

    def do_GET(self):
        with self.lock:
            Proxy.turn += 1
            order = self.backends[Proxy.turn % 2 :] + self.backends[: Proxy.turn % 2]
        for attempt in range(6):
            port = order[attempt % len(order)]
            try:
                status, headers, body = request(port, self.path)
            except (ConnectionError, http.client.HTTPException, TimeoutError):
                time.sleep(0.05 * attempt)
                continue
            if status == 503 and attempt < 5:
                continue
            with self.lock:
                Proxy.served[port] = Proxy.served.get(port, 0) + 1
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("connection", "transfer-encoding", "server", "date"):
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_error(502, "no node answered")

    def log_message(self, format, *args):
        """Quiet."""


class FormReader(html.parser.HTMLParser):
    """The fields of the admin change form, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([name, a.get("value", "on" if a.get("type") == "checkbox" else "")])
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            if self._select["first"] is None:
                self._select["first"] = a.get("value", "")
            if "selected" in a:
                self._select["chosen"].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"]
            if not chosen and not select["multiple"]:
                chosen = [select["first"] or ""]
            self.fields.extend([select["name"], value] for value in chosen)
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class AdminSession:
    """A logged-in admin on one node (cookies kept by hand: they are Secure in production,
    and this test talks plain HTTP on loopback)."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def _headers(self, extra=None):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, "Origin": f"http://127.0.0.1:{self.port}", **(extra or {})}

    def _keep(self, headers):
        for name, value in headers.items():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]

    def get(self, path):
        status, headers, body = request(self.port, path, headers=self._headers())
        self._keep(headers)
        return status, body.decode()

    def post(self, path, fields):
        body = urllib.parse.urlencode(fields)
        extra = {"Content-Type": "application/x-www-form-urlencoded"}
        status, headers, answer = request(self.port, path, "POST", body, self._headers(extra))
        self._keep(headers)
        return status, answer.decode()

    def login(self):
        _status, page = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {"csrfmiddlewaretoken": token, "username": ADMIN_USER}
        fields["password"], fields["next"] = ADMIN_PASSWORD, "/admin/"
        status, _headers = self.post("/admin/login/", fields)
        if status != 302:
            fail(f"admin login on node {self.port} answered {status}")

    def change(self, path, **changes):
        """Submit an admin change form with some fields changed."""
        _status, page = self.get(path)
        start = page.index('id="meeting_form"')  # not the header's logout form
        form = page[start : page.index("</form>", start)]
        reader = FormReader()
        reader.feed(form)
        fields = [(n, changes.get(n, v) or "") for n, v in reader.fields]
        fields.append(("_save", "Save"))
        status, answer = self.post(path, fields)
        if status != 302:
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer, re.S)
            fail(f"admin save of {path} on node {self.port} answered {status}: {errors}")


def meeting_admin_path(session):
    _status, page = session.get(f"/admin/cooperation/meeting/?q={MEETING}")
    match = re.search(r'href="(/admin/cooperation/meeting/\d+/change/)[^"]*"', page)
    if not match:
        fail("the meeting is not in the admin list")
    return match.group(1)


def check_edit_and_publish(session):
    page = f"/en/meetings/{MEETING}/"
    for port in (PORT_A, PORT_B, PROXY_PORT):
        request(port, page)  # cached everywhere now
    _status, headers, _ = request(PORT_B, page)
    if headers.get("X-Cache") != "hit":
        fail(f"node B did not serve {page} from the shared cache ({headers.get('X-Cache')})")
    path = meeting_admin_path(session)
    title = f"Forum renamed on node A at {time.time():.0f}"
    session.change(path, title_en=title)
    for port in (PORT_B, PROXY_PORT, PROXY_PORT):
        _status, _headers, body = request(port, page)
        if title not in body.decode():
            fail(f"the edit made on node A is not shown by port {port} at once")
    log("an edit in node A's admin is shown at once by node B and the proxy")
    session.change(path, publication="draft")
    if request(PORT_B, page)[0] != 404:
        fail("a meeting unpublished on node A is still public on node B")
    session.change(path, publication="published")
    for port in (PORT_B, PROXY_PORT):
        _status, _headers, body = request(port, "/en/meetings/?q=renamed")
        if MEETING not in body.decode():
            fail(f"the meeting published on node A is not listed by port {port}")
    log("unpublishing and publishing on node A are seen at once by node B and the proxy")


def run_load(stop, results):
    n = 0
    while not stop.is_set():
        path = LOAD_PATHS[n % len(LOAD_PATHS)]
        n += 1
        try:
            status = request(PROXY_PORT, path)[0]
        except OSError as error:
            status = f"error {error}"
        results.append(status)


def check_restart_under_load(env, node_b):
    stop, results = threading.Event(), []
    workers = [threading.Thread(target=run_load, args=(stop, results)) for _ in range(8)]
    for worker in workers:
        worker.start()
    time.sleep(2)
    Proxy.served.clear()
    node_b.send_signal(signal.SIGTERM)
    node_b.wait(timeout=60)
    log("node B stopped under load")
    time.sleep(1)
    node_b = start_node(env, PORT_B)
    log("node B started again")
    Proxy.served.clear()
    time.sleep(3)
    stop.set()
    for worker in workers:
        worker.join()
    failed = [s for s in results if s != 200]
    if failed:
        fail(f"{len(failed)} of {len(results)} requests failed during the restart: {failed[:5]}")
    if not Proxy.served.get(PORT_B):
        fail("node B served nothing after its restart")
    log(f"{len(results)} requests during node B's restart, none failed; B serves again")
    return node_b


def main():
    started = time.monotonic()
    static_root = tempfile.mkdtemp(prefix="portal-static-")
    env = node_env(static_root)
    if not os.environ.get("NODES_REUSE_DATABASE"):
        prepare(env)
    manage(env, "collectstatic", "--noinput", "-v0")
    log("database, content, static files and admin ready")
    nodes = []
    proxy = ThreadingHTTPServer(("127.0.0.1", PROXY_PORT), Proxy)
    proxy.daemon_threads = True
    Proxy.backends = [PORT_A, PORT_B]
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        nodes = [start_node(env, PORT_A), start_node(env, PORT_B)]
        log(f"nodes on {PORT_A} and {PORT_B}, proxy on {PROXY_PORT}")
        for path in LOAD_PATHS:
            statuses = {request(port, path)[0] for port in (PORT_A, PORT_B, PROXY_PORT)}
            if statuses != {200}:
                fail(f"{path} answered {statuses}")
        session = AdminSession(PORT_A)
        session.login()
        check_edit_and_publish(session)
        nodes[1] = check_restart_under_load(env, nodes[1])
    finally:
        proxy.shutdown()
        for node in nodes:
            if node.poll() is None:
                node.send_signal(signal.SIGTERM)
                node.wait(timeout=60)
    log(f"passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
