"""Command modules; each registers its commands on tracker.app.app."""
