"""A test plugin whose handlers exercise the event bus: effects, failures, slowness, cascades."""
