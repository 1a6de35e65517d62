"""The throwaway PostgreSQL database each PostgreSQL benchmark resets, shared by them all.

A benchmark refuses any database that is not PostgreSQL or whose name lacks "bench", so a
mistyped URL cannot wipe real data.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

HOST = "127.0.0.1"


def database_url(*, env: str, default: str, say: Callable[[str], None]) -> str:
    """The URL in `env` (or `default`), or exit 2 saying why it will not do."""
    url = os.environ.get(env) or default
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        say(f"needs PostgreSQL, not {scheme or url!r}: set {env} to a PostgreSQL database")
        sys.exit(2)
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        say(f"refusing to reset database {name!r}: its name must contain 'bench'")
        sys.exit(2)
    return url


def conninfo(url: str, *, dbname: str | None = None) -> str:
    parts = urlsplit(url)
    info = {
        "host": parts.hostname or HOST,
        "port": str(parts.port or 5432),
        "user": parts.username or "postgres",
        "dbname": dbname or parts.path.lstrip("/"),
    }
    if parts.password:
        info["password"] = parts.password
    return " ".join(f"{key}={value}" for key, value in info.items())


def reset_database(url: str) -> None:
    """Drop and create the benchmark's database."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(conninfo(url, dbname="postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.config.settings_test")
    import django

    django.setup()
