"""tracker: commitments from Chinese government reply letters, kept as YAML under git."""

__version__ = "0.1.0"
