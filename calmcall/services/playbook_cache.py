"""The parsed TOML of playbook files, kept between starts so the window opens sooner.

Reading the playbooks costs a start about 9 ms: 5 to import tomllib, 4 to parse the files,
against well under 1 to load this cache. An entry is used only while its file's stat still
matches (size, modification and change times to the nanosecond, inode), so an edited, copied
or replaced file is always read again. Only the parsed data is kept; every load still runs
the full playbook checks on it. Nothing here is ever worth an error: a missing, damaged or
unwritable cache just means the files are parsed as before.
"""

from __future__ import annotations

import marshal
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

_FORMAT = 1
Stamp = tuple[int, int, int, int]


def stamp(path: Path) -> Stamp | None:
    """The stat a cached entry for `path` must match; take it before reading the file."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class ParsedCache:
    def __init__(self, file: Path) -> None:
        self.file = file
        # marshal's format belongs to the Python that wrote it: another one starts afresh.
        self._header = (_FORMAT, sys.implementation.cache_tag, marshal.version)
        self._entries: dict[str, tuple[Stamp, dict[str, Any]]] = self._read()
        self._used: set[str] = set()
        self._changed = False

    def _read(self) -> dict[str, tuple[Stamp, dict[str, Any]]]:
        try:
            header, entries = marshal.loads(self.file.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if header != self._header or not isinstance(entries, dict):
            return {}
        return entries

    def get(self, path: Path) -> dict[str, Any] | None:
        """The parsed data of `path` if it is cached and the file has not changed since."""
        key = str(path)
        self._used.add(key)
        entry = self._entries.get(key)
        if entry is None or entry[0] != stamp(path):
            return None
        return entry[1]

    def put(self, path: Path, seen: Stamp | None, data: dict[str, Any]) -> None:
        """Keep `data`, parsed from `path` as it was at `seen` (taken before reading it)."""
        key = str(path)
        self._used.add(key)
        if seen is None:
            return
        try:
            marshal.dumps(data)  # TOML dates and times have no marshal form: not cached
        except ValueError:
            return
        self._entries[key] = (seen, data)
        self._changed = True

    def save(self) -> None:
        """Write the entries used by this load, if any changed (files gone are dropped)."""
        kept = {key: entry for key, entry in self._entries.items() if key in self._used}
        if not self._changed and kept.keys() == self._entries.keys():
            return
        if not self.file.parent.is_dir():
            return  # never create the data folder just for this
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        try:
            tmp.write_bytes(marshal.dumps((self._header, kept)))
            os.replace(tmp, self.file)  # a reader sees the old cache or the new, never half
        except OSError:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
