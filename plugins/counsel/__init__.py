"""政府法律顾问: the counsel team, engagements, the opinion log, the legality-review gate, coverage."""

#: The plugin key: module switch, deadlines, notices, reporting scope.
PLUGIN_KEY = "counsel"
