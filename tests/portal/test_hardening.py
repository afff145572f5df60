"""Hardening: security headers, lock-out behind a proxy, a database outage, bad admin filters."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def test_pages_and_admin_send_a_strict_csp_and_permissions_policy(client):
    for path in ("/en/", "/admin/login/", "/en/meetings/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self';" in policy, path
        assert "'unsafe-inline'" not in policy
        assert "camera=()" in response["Permissions-Policy"]


def login(client, username, password, address):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_lockout_follows_the_real_address_behind_a_trusted_proxy(
    client, django_user_model, settings
):
    settings.TRUSTED_PROXIES = [PROXY]
    django_user_model.objects.create_user("victim", password="right-pw-123", is_staff=True)
    for _ in range(5):  # an attacker, through the same proxy, from their own address
        login(client, "victim", "wrong", "203.0.113.9")
    assert login(client, "victim", "right-pw-123", "203.0.113.9").status_code == 429
    # The victim, from their own address through the proxy, still gets in.
    response = login(client, "victim", "right-pw-123", "198.51.100.7")
    assert response.status_code == 302


def test_forwarded_for_is_ignored_from_an_untrusted_peer(rf, settings):
    from portal.client_ip import client_address

    settings.TRUSTED_PROXIES = [PROXY]
    forged = rf.get("/", REMOTE_ADDR="192.0.2.66", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(forged) == "192.0.2.66"
    proxied = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_address(proxied) == "198.51.100.7"
    settings.TRUSTED_PROXIES = []
    assert client_address(proxied) == PROXY


def test_a_database_outage_answers_503_with_a_friendly_page(client, monkeypatch):
    from portal import selectors

    def down():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "home_page", down)
    client.raise_request_exception = False
    response = client.get("/ru/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Портал сейчас не может связаться со своей базой данных" in response.content.decode()


def test_admin_year_filter_refuses_a_bad_value_with_a_message(admin_client):
    response = admin_client.get(
        "/admin/cooperation/meeting/", {"year": "²⁰¹⁹"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "“²⁰¹⁹” is not a year: write four digits, e.g. 2019. Showing all years."
    ]
    good = admin_client.get("/admin/cooperation/meeting/", {"year": "2019"})
    assert good.status_code == 200
    assert good.context["cl"].result_count < response.context["cl"].result_count
