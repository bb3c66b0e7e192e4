"""Password hashing with Argon2id (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context, has_request_context

_STRONG = PasswordHasher()
# Tests create hundreds of users; the cheap parameters are never used outside FAZHI_PASSWORD_HASH_FAST.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

MIN_PASSWORD_LENGTH = 8


def _hasher() -> PasswordHasher:
    if has_app_context() and current_app.config.get("FAZHI_PASSWORD_HASH_FAST"):
        return _FAST
    return _STRONG


def hash_password(password: str) -> str:
    """An Argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash` (False for any malformed hash)."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _(text: str, **values: int) -> str:
    # The user's language in a request; Chinese on the command line (no session to read it from).
    if has_request_context():
        from flask_babel import gettext

        return gettext(text, **values)
    return text % values if values else text


def password_problem(password: str) -> str | None:
    """A message (Chinese, or the user's language) saying why `password` is too weak, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("密码至少 %(n)d 位", n=MIN_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha():
        return _("密码须同时包含字母和数字")
    return None
