"""Production path: probes in front of Django, static files required, request logs."""

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from portal import probes, static_check

pytestmark = pytest.mark.django_db


def _call(app, path, method="GET"):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": method}, start_response))
    return seen, body


@pytest.fixture
def keep_test_connection(monkeypatch):
    """The wrapper closes stale connections, as Django does per request; tests keep theirs."""
    import django.db

    monkeypatch.setattr(django.db, "close_old_connections", lambda: None)


def test_probe_wrapper_answers_before_django(keep_test_connection):
    def django_app(environ, start_response):
        raise AssertionError("the probe must not reach Django")

    app = probes.ProbeApplication(django_app)
    seen, body = _call(app, "/healthz")
    assert seen["status"] == "200 OK"
    assert json.loads(body) == {"status": "ok", "database": "up"}
    seen, body = _call(app, "/readyz")
    assert seen["status"] == "200 OK"
    assert json.loads(body) == {"status": "ready", "database": "up", "cache": "up"}
    assert seen["headers"]["Cache-Control"] == "no-store"


def test_probe_wrapper_passes_pages_on(keep_test_connection):
    def django_app(environ, start_response):
        start_response("200 OK", [])
        return [b"page"]

    _seen, body = _call(probes.ProbeApplication(django_app), "/en/")
    assert body == b"page"


def test_readyz_503_when_the_cache_fails(client, monkeypatch):
    monkeypatch.setattr(probes, "check_cache", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "up", "cache": "down"}


def test_master_probe_listener_serves_readyz():
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    probes.serve_probes_forever("127.0.0.1", port)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read())["status"] == "ok"


def test_production_refuses_to_start_without_collected_static(tmp_path):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.functional import empty

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(DEBUG=False, STATIC_ROOT=tmp_path, STORAGES=storages):
        staticfiles_storage._wrapped = empty  # re-read the storage settings
        with pytest.raises(ImproperlyConfigured, match="collectstatic"):
            static_check.require_collected_static()
        (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
        static_check.require_collected_static()
    staticfiles_storage._wrapped = empty


def test_every_request_is_logged_as_json_with_timings(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/en/about/")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["path"] == "/en/about/"
    assert line["status"] == 200 and line["user"] == "anonymous"
    assert line["ms"] > 0 and line["cpu_ms"] >= 0 and line["bytes"] > 1000
    assert line["cache"] == "miss"


def test_the_master_loads_what_workers_would_load_on_a_first_query(monkeypatch):
    """gunicorn's pre_fork loads OpenCC once in the master (workers share it), then
    freezes what is loaded; a worker's first traditional-Chinese query loads nothing."""
    import gc
    import importlib.util
    from pathlib import Path

    from portal.search import parsing

    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    monkeypatch.setattr(parsing, "_CONVERTER", None)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # not this test process's collector
    conf.pre_fork(server=None, worker=None)
    loaded = parsing._CONVERTER
    assert loaded is not None
    assert parsing.simplified("東盟環境合作論壇") == "东盟环境合作论坛"
    assert parsing._CONVERTER is loaded


def _gunicorn_conf(monkeypatch, reuse_port, migrate_req):
    """gunicorn.conf.py as gunicorn reads it, with GUNICORN_REUSE_PORT and the kernel's
    net.ipv4.tcp_migrate_req as given (None: the file cannot be read)."""
    import runpy
    from pathlib import Path

    read_text = Path.read_text

    def kernel_setting(path, *args, **kwargs):
        if str(path) != "/proc/sys/net/ipv4/tcp_migrate_req":
            return read_text(path, *args, **kwargs)
        if migrate_req is None:
            raise FileNotFoundError(path)
        return f"{migrate_req}\n"

    monkeypatch.setattr(Path, "read_text", kernel_setting)
    if reuse_port is None:
        monkeypatch.delenv("GUNICORN_REUSE_PORT", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_REUSE_PORT", reuse_port)
    return runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))


@pytest.mark.parametrize(
    ("setting", "migrate_req", "expected"),
    [
        (None, 1, True),
        (None, 0, False),
        (None, None, False),
        ("auto", 1, True),
        ("1", 0, True),
        ("0", 1, False),
    ],
)
def test_workers_listen_apart_only_where_the_kernel_hands_over_queued_connections(
    monkeypatch, setting, migrate_req, expected
):
    """A socket per worker spreads clients evenly, but a stopping worker would reset the
    connections queued on it unless Linux moves them to another worker's socket."""
    assert _gunicorn_conf(monkeypatch, setting, migrate_req)["reuse_port"] is expected


def test_a_worker_is_replaced_after_a_hundred_thousand_requests(monkeypatch):
    """Not every ~10 s under load, as at 5,000; GUNICORN_MAX_REQUESTS still decides."""
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    conf = _gunicorn_conf(monkeypatch, "0", 0)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (100_000, 10_000)
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "500")
    conf = _gunicorn_conf(monkeypatch, "0", 0)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (500, 50)


def test_one_worker_per_core_unless_told(monkeypatch):
    """Fewer processes taking turns on the cores: cheaper pages, no slower under load."""
    import multiprocessing

    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    assert _gunicorn_conf(monkeypatch, "0", 0)["workers"] == multiprocessing.cpu_count()
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    assert _gunicorn_conf(monkeypatch, "0", 0)["workers"] == 5
