"""A second start brings the running window to the front instead of opening a second writer.

The first instance listens on a local socket named after its data folder; a second one sends
"show" there and exits. The agent asked for the window by starting it, so raising it is wanted.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"calmcall-{digest}"


def ask_running_to_show(data_dir: Path, timeout_ms: int = 2000) -> bool:
    """True if a running CalmCall got the message.

    A CalmCall that is still starting takes its lock first and listens only once its window
    is painted, so a connection that is refused is tried again until the timeout.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        socket = QLocalSocket()
        socket.connectToServer(server_name(data_dir))
        if socket.waitForConnected(timeout_ms):
            break
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    socket.write(b"show\n")
    socket.waitForBytesWritten(timeout_ms)  # False when flushed at once: that is fine too
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return True


class ShowRequests(QObject):
    """Listens for later starts. Signals: show_requested()."""

    show_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        name = server_name(data_dir)
        QLocalServer.removeServer(name)  # a socket file left by a killed instance
        self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        socket = self._server.nextPendingConnection()
        if socket is not None:
            socket.readyRead.connect(lambda: self._read(socket))

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).strip() == b"show":
            self.show_requested.emit()
        socket.disconnectFromServer()
