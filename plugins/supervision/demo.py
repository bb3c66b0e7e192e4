def load_demo_data(region, scale):
    """Placeholder."""
