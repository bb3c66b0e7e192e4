"""The domain plugins shipped with Fazhi; each is declared in pyproject's `fazhi.plugins` entry points."""
