"""CalmCall core: domain, storage and use cases. Never imports Qt."""

__version__ = "0.1.0"
