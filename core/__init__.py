"""Fazhi (法治) core: app factory, tenancy, auth, plugin host, audit, admin shell.

Importing the package imports nothing else (the app factory is `core.app.create_app`), so a
module may write ``from core import clock`` without pulling in the whole application.
"""
