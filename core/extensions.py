"""The Flask extensions, created unbound here and bound to an app by the factory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase, Session

# Deterministic constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model of the core and the plugins."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()


def listen_on_sessions(*listeners: tuple[str, Callable[..., Any]]) -> None:
    """Attach ORM session listeners, ``("after_flush", fn)``, to every `Session`, once per process.

    The `Session` class is process-wide while apps are built many times (each test builds one), and
    a listener attached twice runs twice per flush: one already attached is left as it is.
    """
    for identifier, listener in listeners:
        if not event.contains(Session, identifier, listener):
            event.listen(Session, identifier, listener)
