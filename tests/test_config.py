"""A malformed setting stops start-up with one clear line naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dauys import config
from dauys.config import ConfigError


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.setenv("DAUYS_DATA_DIR", str(tmp_path))
    return monkeypatch


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://u@h/db", "DATABASE_URL: unsupported scheme 'mysql'"),
        ("nonsense", "DATABASE_URL: unsupported scheme '(none)'"),
        ("postgres://u@h:5432/", "DATABASE_URL: the database name is missing"),
        ("sqlite://:memory:", "DATABASE_URL: give SQLite a file path"),
    ],
)
def test_bad_database_url(env: pytest.MonkeyPatch, tmp_path: Path, value: str, message: str) -> None:
    env.setenv("DATABASE_URL", value)
    with pytest.raises(ConfigError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        config.database(tmp_path)


def test_default_database_is_sqlite_in_the_data_dir_with_wal(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.delenv("DATABASE_URL", raising=False)
    db = config.database(tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "dauys.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["CONN_MAX_AGE"] == 60  # kept open between requests: reopening the file cost more than a page's query


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("REDIS_URL", "http://localhost", "REDIS_URL: expected redis://"),
        ("DAUYS_BASE_URL", "example.org", "DAUYS_BASE_URL: expected an absolute http(s) URL"),
        ("DAUYS_EMAIL_URL", "pop3://x", "DAUYS_EMAIL_URL: unsupported scheme 'pop3'"),
        ("DAUYS_EMAIL_URL", "smtp://", "DAUYS_EMAIL_URL: the SMTP host is missing"),
        ("DAUYS_SECRET_KEY", "short", "DAUYS_SECRET_KEY: must be at least 32 characters"),
        ("DAUYS_TRUSTED_PROXIES", "127.0.0.1, nginx", "DAUYS_TRUSTED_PROXIES: 'nginx' is not an IP address"),
        ("DAUYS_MAP_PMTILES", "kz.pmtiles", "DAUYS_MAP_PMTILES: cannot read"),
    ],
)
def test_bad_settings_name_themselves(
    env: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, message: str
) -> None:
    env.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        {
            "REDIS_URL": config.redis_url,
            "DAUYS_BASE_URL": config.base_url,
            "DAUYS_EMAIL_URL": lambda: config.email(tmp_path),
            "DAUYS_SECRET_KEY": lambda: config.secret_key(tmp_path),
            "DAUYS_TRUSTED_PROXIES": lambda: config.env_addresses("DAUYS_TRUSTED_PROXIES", []),
            "DAUYS_MAP_PMTILES": lambda: config.map_pmtiles(tmp_path),
        }[name]()
    assert str(info.value).startswith(message)


def test_smtp_url_is_parsed(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("DAUYS_EMAIL_URL", "smtp://mailer:p%40ss@mail.example.org:2525")
    email = config.email(tmp_path)
    assert email.backend.endswith("smtp.EmailBackend")
    assert email.options["EMAIL_HOST"] == "mail.example.org"
    assert email.options["EMAIL_PORT"] == 2525
    assert email.options["EMAIL_USE_TLS"] is True


def test_secret_key_is_generated_once_and_kept(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.delenv("DAUYS_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 32
    assert config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_cli_prints_one_line_and_exits_2_on_a_bad_setting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DAUYS_TESTING"}}
    env.update(DAUYS_DATA_DIR=str(tmp_path), DATABASE_URL="mysql://root@localhost/dauys")
    result = subprocess.run(
        [sys.executable, "-m", "dauys", "init"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dauys: configuration error: DATABASE_URL: unsupported scheme 'mysql'; "
        "use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:port/name"
    ]


def test_cli_names_an_unreachable_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING"}}
    env.update(DAUYS_DATA_DIR=str(tmp_path), DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = subprocess.run(
        [sys.executable, "-m", "dauys", "init"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("dauys: configuration error: DATABASE_URL: cannot connect")


def test_a_parallel_test_worker_gets_a_redis_database_of_its_own() -> None:
    assert config.redis_database("redis://127.0.0.1:6379/15", -1) == "redis://127.0.0.1:6379/14"
    assert config.redis_database("redis://:secret@redis.internal:6379", 2) == "redis://:secret@redis.internal:6379/2"
    assert config.redis_database("unix:///run/redis.sock?db=3", -1) == "unix:///run/redis.sock?db=3"
    with pytest.raises(config.ConfigError, match="no Redis database -1"):
        config.redis_database("redis://127.0.0.1:6379/0", -1)


def test_a_map_archive_is_a_pmtiles_file_in_the_data_dir(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a map")
    (tmp_path / "kz.pmtiles").write_bytes(b"PMTiles\x03" + bytes(120))
    env.setenv("DAUYS_MAP_PMTILES", "notes.txt")
    with pytest.raises(ConfigError, match=r"notes\.txt is not a PMTiles archive"):
        config.map_pmtiles(tmp_path)
    env.setenv("DAUYS_MAP_PMTILES", "kz.pmtiles")
    assert config.map_pmtiles(tmp_path) == tmp_path / "kz.pmtiles"
    env.delenv("DAUYS_MAP_PMTILES")
    assert config.map_pmtiles(tmp_path) is None
