"""Fazhi (法治) core: app factory, tenancy, auth, plugin host, audit, admin shell."""

from core.app import create_app

__all__ = ["create_app"]
