"""Test support: the pytest plugin with Fazhi's fixtures (loaded by pyproject's addopts)."""
