"""Backup then restore into an empty database: the same pages, search results and rows."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import reversion
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from reversion.models import Version

from cooperation.models import Meeting
from portal import backup
from portal.models import LoadedRecord, TextState
from portal.roles import TRANSLATOR
from portal.search.models import SearchEntry, SearchTerm, SearchText

pytestmark = pytest.mark.django_db

MEETING = "sco-heads-of-state-council-2018-qingdao"
PAGES = [
    "/{}/",
    "/{}/mechanisms/sco/",
    f"/{{}}/meetings/{MEETING}/",
    "/{}/documents/sco-green-development-initiative-2024/",
    "/{}/search/?q=climate",
]
QUERIES = ["climate", "生态", "экологический", "sco 2018", "water"]


def pages(client):
    shown = {}
    for language in ("zh-hans", "en", "ru"):
        for page in PAGES:
            url = page.format(language)
            response = client.get(url)
            assert response.status_code == 200, url
            shown[url] = response.content.decode()
    for query in QUERIES:
        response = client.get("/en/search/", {"q": query, "format": "json"})
        shown[f"json {query}"] = response.json()
    return shown


def index_texts():
    return sorted(
        SearchText.objects.values_list(
            "entry__object_id", "url", "title_en", "text_en", "text_ru", "text_zh_hans", "tokens"
        )
    )


@pytest.fixture
def staff_work(django_user_model):
    """What only staff made: a user in a group, an edit with its history, a state."""
    user = django_user_model.objects.create_user("translator-b", password="pw-123456")
    user.groups.add(Group.objects.get(name=TRANSLATOR))
    user.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    meeting = Meeting.objects.get(slug=MEETING)
    with reversion.create_revision():
        meeting.title_en = "Qingdao summit, edited by staff"
        meeting.text_state_en = TextState.OUTDATED
        meeting.save()
        reversion.set_user(user)
        reversion.set_comment("staff edit")
    return user


def backed_up(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_restore_into_an_empty_database_gives_the_same_site(client, settings, tmp_path, staff_work):
    settings.PAGE_CACHE = False
    before, texts, terms = pages(client), index_texts(), SearchTerm.objects.count()
    ledger = sorted(LoadedRecord.objects.values_list("model", "key", "fixture_hash", "loaded_hash"))
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("backup_portal", first, stdout=StringIO())

    backup._empty(backup.backed_up_models(), "default")
    assert backup.holds_data() == [] and not SearchEntry.objects.exists()
    assert client.get(f"/en/meetings/{MEETING}/").status_code == 404

    out = StringIO()
    call_command("restore_portal", first, stdout=out)
    assert out.getvalue().splitlines() == [
        "Indexed 277 records.",
        "Found 694 uses of glossary terms.",
        f"Restored {len(backed_up(first)['objects'])} rows from {first}.",
    ]
    after = pages(client)
    assert [url for url in before if before[url] != after[url]] == []
    assert "Qingdao summit, edited by staff" in after[f"/en/meetings/{MEETING}/"]
    assert index_texts() == texts and SearchTerm.objects.count() == terms

    call_command("backup_portal", second, stdout=StringIO())
    assert backed_up(second)["objects"] == backed_up(first)["objects"]
    user = type(staff_work).objects.get(username="translator-b")
    assert [g.name for g in user.groups.all()] == [TRANSLATOR]
    assert user.check_password("pw-123456") and user.has_perm("admin.view_logentry")
    meeting = Meeting.objects.get(slug=MEETING)
    assert meeting.text_state_en == TextState.OUTDATED
    history = Version.objects.get_for_object(meeting)
    assert history[0].revision.comment == "staff edit" and history[0].revision.user == user
    assert (
        sorted(LoadedRecord.objects.values_list("model", "key", "fixture_hash", "loaded_hash"))
        == ledger
    )


def test_the_backup_leaves_derived_tables_out(tmp_path):
    path = tmp_path / "portal.json.gz"
    call_command("backup_portal", path, stdout=StringIO())
    models = {row["model"] for row in backup.read_backup(path)["objects"]}
    assert {"cooperation.meeting", "reversion.version", "auth.group", "portal.term"} <= models
    assert {"portal.loadedrecord", "portal.fixtureload", "search.variant"} <= models
    assert not {m for m in models if m.startswith(("search.search", "search.facet"))}
    assert not models & {"sessions.session", "contenttypes.contenttype", "auth.permission"}


def test_restore_refuses_a_database_with_content_unless_forced(tmp_path, staff_work):
    path = tmp_path / "portal.json"
    call_command("backup_portal", path, stdout=StringIO())
    staff_work.username = "renamed-after-the-backup"
    staff_work.save()
    with pytest.raises(CommandError, match=r"not empty .*restore with --force"):
        call_command("restore_portal", path, stdout=StringIO())
    assert staff_work.__class__.objects.filter(username="renamed-after-the-backup").exists()
    call_command("restore_portal", path, "--force", stdout=StringIO())
    assert staff_work.__class__.objects.filter(username="translator-b").exists()


def test_a_broken_backup_changes_nothing(tmp_path, client, staff_work):
    path = tmp_path / "portal.json"
    call_command("backup_portal", path, stdout=StringIO())
    data = backed_up(path)
    data["objects"][-1]["fields"]["no_such_field"] = 1  # the last row cannot be loaded
    data["objects"].append({"model": "cooperation.meeting", "pk": 10**6, "fields": {}})
    path.write_text(json.dumps(data), encoding="utf-8")
    meetings, entries = Meeting.objects.count(), SearchEntry.objects.count()
    with pytest.raises(CommandError, match="cannot load"):
        call_command("restore_portal", path, "--force", stdout=StringIO())
    assert Meeting.objects.count() == meetings and SearchEntry.objects.count() == entries
    assert Meeting.objects.get(slug=MEETING).title_en == "Qingdao summit, edited by staff"


def test_a_backup_of_other_migrations_or_no_backup_is_refused(tmp_path):
    path = tmp_path / "portal.json"
    call_command("backup_portal", path, stdout=StringIO())
    data = backed_up(path)
    data["migrations"] = data["migrations"][:-1]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="another migration state"):
        call_command("restore_portal", path, "--force")
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a portal backup"):
        call_command("restore_portal", path, "--force")


RENDER = """
import json, sys
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from tests.portal.test_backup import pages
json.dump(pages(Client()), sys.stdout)
"""


@pytest.fixture
def fresh_database(tmp_path, settings):
    """The URL of a database nobody has used: a new SQLite file or PostgreSQL database."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_fresh"
    admin = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_new_database_migrated_and_restored_serves_the_same_pages(
    client, settings, tmp_path, staff_work, fresh_database
):
    """The operator's way: migrate a new database, restore_portal, serve."""
    settings.PAGE_CACHE = False
    path = tmp_path / "portal.json.gz"
    call_command("backup_portal", path, stdout=StringIO())
    before = pages(client)
    env = {**os.environ, "DATABASE_URL": fresh_database, "DEBUG": "1", "PAGE_CACHE": "0"}
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    for command in (["migrate", "-v0"], ["restore_portal", str(path), "-v0"]):
        subprocess.run([*manage, *command], env=env, check=True, cwd=settings.BASE_DIR)
    shown = subprocess.run(
        [*manage, "shell", "-v0", "-c", RENDER],
        env=env, check=True, cwd=settings.BASE_DIR, capture_output=True, text=True,
    )  # fmt: skip
    after = json.loads(shown.stdout)
    assert [url for url in before if before[url] != after[url]] == []
    assert "Qingdao summit, edited by staff" in after[f"/en/meetings/{MEETING}/"]
