"""Helpers shared by the tests: builders and fixtures-in-waiting, no tests themselves."""
