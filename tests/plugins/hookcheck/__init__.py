"""A small plugin that implements every hook, so the host is tested without the domain plugins."""
