"""Test set-up shared by every test.

Qt must run offscreen on machines with no screen; the variable has to be set before anything
imports Qt, which is why it is the first thing here.
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("CALMCALL_DATA_DIR", None)  # a developer's own data folder must never be touched
os.environ.pop("CALMCALL_DATABASE_URL", None)
os.environ.pop("CALMCALL_CONFIG_DIR", None)
