"""Use cases. Each public method opens one session, commits, and returns domain objects."""
