"""The core never imports Qt, the UI or the chart library, not even indirectly."""

from __future__ import annotations

import json
import subprocess
import sys

# Runs in a fresh interpreter: the test process itself may already have Qt loaded.
PROBE = """
import json, pkgutil, sys, importlib
import calmcall
names = []
for info in pkgutil.walk_packages(calmcall.__path__, "calmcall."):
    if info.name.startswith("calmcall.storage.migrations"):
        continue  # Alembic scripts only run inside `alembic` with its context set up
    importlib.import_module(info.name)
    names.append(info.name)
bad = sorted(m for m in sys.modules
             if m.split(".")[0] in ("PySide6", "shiboken6", "ui", "pyqtgraph"))
print(json.dumps({"imported": names, "bad": bad}))
"""


def test_core_imports_no_qt() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120, check=True)
    result = json.loads(done.stdout)
    assert "calmcall.cli" in result["imported"]
    assert "calmcall.services.export" in result["imported"]
    assert result["bad"] == []
