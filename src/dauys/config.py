"""Read Dauys's configuration from the environment.

Every setting is checked once, at start-up. A malformed value raises ``ConfigError`` whose message is one line
that names the setting, so ``dauys`` can print it and stop instead of failing later with a traceback.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import dj_database_url


class ConfigError(Exception):
    """A setting in the environment is missing or malformed."""


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(f"{name}: expected one of 1/0, true/false, yes/no, on/off, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {value}")
    return value


def env_addresses(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of IP addresses (as the server sees them in REMOTE_ADDR)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    addresses = [part.strip() for part in raw.split(",") if part.strip()]
    for address in addresses:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise ConfigError(f"{name}: {address!r} is not an IP address") from None
    return addresses


def witness_keys(name: str) -> list[str]:
    """Witnesses' verifier keys (C2SP, type 0x04), separated by commas or white space. The ledger checks each
    one when it starts (``ledger.apps``): the configuration layer imports no app."""
    return [part for part in (os.environ.get(name) or "").replace(",", " ").split() if part]


def data_dir() -> Path:
    path = Path(os.environ.get("DAUYS_DATA_DIR") or "dauys-data").expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"DAUYS_DATA_DIR: {path} exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"DAUYS_DATA_DIR: cannot create {path}: {exc.strerror}") from None
    return path


def secret_key(directory: Path) -> str:
    """Return DAUYS_SECRET_KEY, or a key generated once into the data directory."""
    raw = os.environ.get("DAUYS_SECRET_KEY")
    if raw is not None:
        if len(raw) < 32:
            raise ConfigError("DAUYS_SECRET_KEY: must be at least 32 characters long")
        return raw
    path = directory / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"DAUYS_SECRET_KEY: the generated key in {path} is damaged; delete it to make a new one")
    return key


def database(directory: Path) -> dict[str, Any]:
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        raw = f"sqlite:///{directory / 'dauys.sqlite3'}"
    scheme = urlsplit(raw).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            f"DATABASE_URL: unsupported scheme {scheme or '(none)'!r}; "
            "use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:port/name"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(raw, conn_max_age=0))
    except Exception as exc:  # dj_database_url raises several kinds
        raise ConfigError(f"DATABASE_URL: cannot be parsed ({exc})") from None
    if scheme == "sqlite":
        name = config.get("NAME") or ""
        if not name or name == ":memory:":
            raise ConfigError("DATABASE_URL: give SQLite a file path, e.g. sqlite:////var/lib/dauys/dauys.sqlite3")
        config["OPTIONS"] = {
            # WAL lets readers work while one process writes; IMMEDIATE takes the write lock at BEGIN, so a
            # transaction waits for the busy timeout instead of failing half-way with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        # Kept open between requests, as on PostgreSQL: opening the file again, with its PRAGMAs and the functions
        # Django registers on every new connection, cost more than the one statement of a signed-in page.
        config["CONN_MAX_AGE"] = 60
    else:
        if not config.get("NAME"):
            raise ConfigError("DATABASE_URL: the database name is missing (postgres://user@host:5432/NAME)")
        port = config.get("PORT")
        if port not in (None, "") and not str(port).isdigit():
            raise ConfigError(f"DATABASE_URL: the port must be a number, got {port!r}")
        config["ENGINE"] = "dauys.core.postgresql"  # Django's, with a cheaper health check (see its docstring)
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


def redis_url() -> str | None:
    raw = os.environ.get("REDIS_URL", "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"REDIS_URL: expected redis://host:port/db, got scheme {parts.scheme or '(none)'!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ConfigError("REDIS_URL: the port must be a number") from None
    return raw


def redis_database(url: str, offset: int) -> str:
    """``url`` with its database number moved by ``offset`` (redis://host:port/15, -1 -> redis://host:port/14);
    a socket's URL (unix://, its database in the query) is left as it is."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return url
    number = int(parts.path.strip("/") or 0) + offset
    if not 0 <= number <= 15:
        raise ConfigError(f"REDIS_URL: no Redis database {number} for this test worker; give a higher database")
    return parts._replace(path=f"/{number}").geturl()


def allowed_hosts() -> list[str]:
    raw = os.environ.get("DAUYS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    if not hosts:
        raise ConfigError("DAUYS_ALLOWED_HOSTS: give at least one host name, comma-separated")
    return hosts


def base_url() -> str:
    raw = os.environ.get("DAUYS_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"DAUYS_BASE_URL: expected an absolute http(s) URL, got {raw!r}")
    return raw


def optional_url(name: str, *, schemes: set[str]) -> str | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if urlsplit(raw).scheme not in schemes:
        raise ConfigError(f"{name}: expected a URL starting with {' or '.join(sorted(schemes))}, got {raw!r}")
    return raw


def map_pmtiles(directory: Path) -> Path | None:
    """DAUYS_MAP_PMTILES: the PMTiles archive the maps draw streets from, a path in the data directory (or an
    absolute one). The file must exist and be an archive: a wrong path is said at start, not on the first map."""
    raw = os.environ.get("DAUYS_MAP_PMTILES", "").strip()
    if not raw:
        return None
    path = (directory / raw).resolve()
    try:
        with path.open("rb") as f:
            magic = f.read(7)
    except OSError as exc:
        raise ConfigError(f"DAUYS_MAP_PMTILES: cannot read {path}: {exc.strerror}") from None
    if magic != b"PMTiles":
        raise ConfigError(f"DAUYS_MAP_PMTILES: {path} is not a PMTiles archive")
    return path


def reply_address() -> str:
    """DAUYS_REPLY_ADDRESS: where a body answers an appeal by e-mail, with ``{token}`` standing for the appeal's own
    unguessable part (``replies+{token}@example.org`` for a mailbox that takes sub-addresses, ``{token}@replies.
    example.org`` for a domain whose every address reaches one mailbox). Empty: appeals carry no reply address."""
    raw = os.environ.get("DAUYS_REPLY_ADDRESS", "").strip()
    if not raw:
        return ""
    local, at, domain = raw.rpartition("@")
    if raw.count("{token}") != 1 or "{token}" in domain or not at or "." not in domain or not local:
        raise ConfigError(
            "DAUYS_REPLY_ADDRESS: expected an address with {token} once in its local part, "
            f"e.g. replies+{{token}}@example.org; got {raw!r}"
        )
    return raw


def mail_imap_url() -> str | None:
    """DAUYS_MAIL_IMAP_URL: the mailbox the replies reach, polled by the worker (imaps://user:password@host/INBOX;
    imap:// only for a server on this machine or network)."""
    raw = optional_url("DAUYS_MAIL_IMAP_URL", schemes={"imap", "imaps"})
    if raw is None:
        return None
    parts = urlsplit(raw)
    if not parts.hostname or not parts.username or parts.password is None:
        raise ConfigError("DAUYS_MAIL_IMAP_URL: give the host, the user and the password (imaps://user:pw@host/INBOX)")
    try:
        parts.port  # noqa: B018 (a bad port raises here)
    except ValueError:
        raise ConfigError("DAUYS_MAIL_IMAP_URL: the port must be a number") from None
    return raw


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    options: dict[str, Any]


def email(directory: Path) -> EmailConfig:
    """Parse DAUYS_EMAIL_URL: smtp://, smtps://, file:///dir, console: ; default: files in the data dir."""
    raw = os.environ.get("DAUYS_EMAIL_URL", "").strip()
    if not raw:
        return EmailConfig(
            "django.core.mail.backends.filebased.EmailBackend", {"EMAIL_FILE_PATH": str(directory / "outbox")}
        )
    parts = urlsplit(raw)
    if parts.scheme == "console":
        return EmailConfig("django.core.mail.backends.console.EmailBackend", {})
    if parts.scheme == "file":
        if not parts.path:
            raise ConfigError("DAUYS_EMAIL_URL: file:// needs a directory, e.g. file:///var/lib/dauys/outbox")
        return EmailConfig("django.core.mail.backends.filebased.EmailBackend", {"EMAIL_FILE_PATH": parts.path})
    if parts.scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ConfigError("DAUYS_EMAIL_URL: the SMTP host is missing (smtp://user:password@host:587)")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError("DAUYS_EMAIL_URL: the port must be a number") from None
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        ssl = parts.scheme == "smtps"
        return EmailConfig(
            "django.core.mail.backends.smtp.EmailBackend",
            {
                "EMAIL_HOST": parts.hostname,
                "EMAIL_PORT": port or (465 if ssl else 587),
                "EMAIL_HOST_USER": parts.username or "",
                "EMAIL_HOST_PASSWORD": parts.password or "",
                "EMAIL_USE_SSL": ssl,
                "EMAIL_USE_TLS": not ssl and query.get("tls", "1").lower() in TRUE,
                "EMAIL_TIMEOUT": 20,
            },
        )
    raise ConfigError(
        f"DAUYS_EMAIL_URL: unsupported scheme {parts.scheme or '(none)'!r}; use smtp://, smtps://, file://"
    )
