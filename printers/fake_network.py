"""A fake ESC/POS network printer (raw TCP, like port 9100) for tests and demos.

It listens on 127.0.0.1 (a random port unless given), records every byte, splits the print
stream into tickets at each cut (``GS V``), and answers the real-time status requests
``DLE EOT 1..4`` and the paper sensor request ``GS r 1`` according to its state:

* ``online``, ``paper_low``, ``paper_out``, ``cover_open``: answers accordingly;
* ``offline``: the listener is closed, so connections are refused;
* ``silent``: connections are accepted but nothing is read any more and nothing answered.

The status bytes follow the Epson ESC/POS reference and are written here independently of
``printers.status``, so that tests of the decoder against this fake mean something.

Usage::

    with FakeNetworkPrinter() as fake:
        deliver(data, open_printer(fake.url), job, clock=...)
        fake.wait_for_tickets(1)
"""

from __future__ import annotations

import select
import socket
import threading
import time
from enum import StrEnum


class FakeState(StrEnum):
    """What the fake printer pretends to be."""

    ONLINE = "online"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    SILENT = "silent"


DLE, EOT, ESC, GS = 0x10, 0x04, 0x1B, 0x1D

# Answers to DLE EOT n: bits 1 and 4 are always set (0x12).
_PRINTER_STATUS = {  # n = 1; bit 3: offline
    FakeState.ONLINE: 0x12, FakeState.PAPER_LOW: 0x12,
    FakeState.PAPER_OUT: 0x1A, FakeState.COVER_OPEN: 0x1A,
}
_OFFLINE_CAUSE = {  # n = 2; bit 2: cover open, bit 5: stopped by paper end
    FakeState.ONLINE: 0x12, FakeState.PAPER_LOW: 0x12,
    FakeState.PAPER_OUT: 0x32, FakeState.COVER_OPEN: 0x16,
}
_ROLL_PAPER = {  # n = 4; bits 2-3: near end, bits 5-6: paper end
    FakeState.ONLINE: 0x12, FakeState.PAPER_LOW: 0x1E,
    FakeState.PAPER_OUT: 0x7E, FakeState.COVER_OPEN: 0x12,
}
_GS_R_PAPER = {  # GS r 1: bits 0-1 near end, bits 2-3 paper end, bit 4 always 0
    FakeState.ONLINE: 0x00, FakeState.PAPER_LOW: 0x03,
    FakeState.PAPER_OUT: 0x0F, FakeState.COVER_OPEN: 0x00,
}
# Commands with a fixed number of parameter bytes that may follow ESC.
_ESC_PARAMS = {ord("@"): 0, ord("d"): 1, ord("a"): 1, ord("J"): 1, ord("E"): 1, ord("!"): 1,
               ord("2"): 0, ord("3"): 1, ord("t"): 1, ord("-"): 1, ord("M"): 1}


def status_reply(state: FakeState, request: bytes) -> bytes:
    """Return what a printer in ``state`` answers to a ``DLE EOT n`` or ``GS r n`` request."""
    if request[:2] == bytes((DLE, EOT)):
        n = request[2]
        table = {1: _PRINTER_STATUS, 2: _OFFLINE_CAUSE, 4: _ROLL_PAPER}.get(n)
        return bytes((table[state] if table else 0x12,))
    if request[:2] == bytes((GS, ord("r"))):
        return bytes((_GS_R_PAPER[state] if request[2] in (1, 49) else 0x00,))
    return b""


class EscPosStream:
    """Incremental parser splitting an ESC/POS stream into status requests and cut tickets."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._job = bytearray()

    def feed(self, chunk: bytes) -> list[tuple[str, bytes]]:
        """Consume bytes; return events ("status", request) and ("ticket", bytes up to a cut)."""
        buf = self._buffer
        buf += chunk
        events: list[tuple[str, bytes]] = []
        i = 0
        while i < len(buf):
            b = buf[i]
            size = 1
            if b == DLE:
                if i + 2 >= len(buf):
                    break
                if buf[i + 1] == EOT:
                    events.append(("status", bytes(buf[i:i + 3])))
                    i += 3
                    continue
            elif b == GS:
                if i + 2 >= len(buf):
                    break
                op = buf[i + 1]
                if op == ord("r"):
                    events.append(("status", bytes(buf[i:i + 3])))
                    i += 3
                    continue
                if op == ord("v"):  # GS v 0 m xL xH yL yH d1...dk
                    if i + 8 > len(buf):
                        break
                    x = buf[i + 4] | buf[i + 5] << 8
                    y = buf[i + 6] | buf[i + 7] << 8
                    size = 8 + x * y
                elif op == ord("V"):  # GS V m, or GS V m n for m in 65/66/97/98/103/104
                    size = 4 if buf[i + 2] in (65, 66, 97, 98, 103, 104) else 3
                    if i + size > len(buf):
                        break
                    self._job += buf[i:i + size]
                    events.append(("ticket", bytes(self._job)))
                    self._job.clear()
                    i += size
                    continue
                elif op == ord("!"):
                    size = 3
            elif b == ESC:
                if i + 1 >= len(buf):
                    break
                params = _ESC_PARAMS.get(buf[i + 1])
                size = 1 if params is None else 2 + params
            if i + size > len(buf):
                break
            self._job += buf[i:i + size]
            i += size
        del buf[:i]
        return events

    @property
    def pending(self) -> bytes:
        """Bytes received after the last cut (an unfinished ticket)."""
        return bytes(self._job + self._buffer)


class FakeNetworkPrinter:
    """Threaded fake raw-TCP printer; see the module docstring."""

    def __init__(self, state: FakeState = FakeState.ONLINE, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.host = host
        self.port = port
        self._state = FakeState(state)
        self._lock = threading.Condition()
        self._running = False
        self._listener: socket.socket | None = None
        self._listener_stop: threading.Event | None = None
        self._accept_thread: threading.Thread | None = None
        self._connections: dict[socket.socket, threading.Thread] = {}
        self.received = bytearray()
        self.tickets: list[bytes] = []
        self.status_requests: list[bytes] = []
        self.connection_count = 0
        self.pending: list[bytes] = []

    # ------------------------------------------------------------------ public API

    @property
    def url(self) -> str:
        """The printer URL to give ``open_printer``."""
        return f"network://{self.host}:{self.port}"

    @property
    def state(self) -> FakeState:
        """The current state."""
        return self._state

    def start(self) -> FakeNetworkPrinter:
        """Start listening (on the same port as before after a stop)."""
        with self._lock:
            if self._running:
                return self
            self._running = True
        self._open_listener()
        if self._state is FakeState.OFFLINE:
            self._close_listener()
        return self

    def stop(self) -> None:
        """Close the listener and every connection, and wait for the threads to end."""
        with self._lock:
            self._running = False
        self._close_listener()
        self._close_connections()

    def restart(self) -> FakeNetworkPrinter:
        """Stop, then start again on the same port."""
        self.stop()
        return self.start()

    def set_state(self, state: FakeState) -> None:
        """Switch state; offline closes the listener, leaving offline reopens it."""
        state = FakeState(state)
        with self._lock:
            previous, self._state = self._state, state
            running = self._running
            self._lock.notify_all()
        if not running:
            return
        if state is FakeState.OFFLINE and previous is not FakeState.OFFLINE:
            self._close_listener()
            self._close_connections()
        elif previous is FakeState.OFFLINE and state is not FakeState.OFFLINE:
            self._open_listener()

    def wait_for_tickets(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until at least ``count`` tickets were received; return whether they were."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.tickets) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(remaining)
            return True

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every client connection has been closed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._connections:
                    return True
            time.sleep(0.01)
        return False

    def __enter__(self) -> FakeNetworkPrinter:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # ------------------------------------------------------------------ internals

    def _open_listener(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(8)
        self.port = listener.getsockname()[1]
        stop = threading.Event()
        thread = threading.Thread(
            target=self._accept_loop, args=(listener, stop), name="fake-printer-accept",
            daemon=True,
        )
        with self._lock:
            self._listener, self._listener_stop, self._accept_thread = listener, stop, thread
        thread.start()

    def _close_listener(self) -> None:
        with self._lock:
            listener, stop, thread = self._listener, self._listener_stop, self._accept_thread
            self._listener = self._listener_stop = self._accept_thread = None
        if stop is not None:
            stop.set()
        if thread is not None:
            thread.join(timeout=2)
        if listener is not None:
            listener.close()

    def _close_connections(self) -> None:
        with self._lock:
            connections = list(self._connections.items())
        for conn, _ in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for _, thread in connections:
            thread.join(timeout=2)

    def _accept_loop(self, listener: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            ready, _, _ = select.select([listener], [], [], 0.02)
            if not ready or stop.is_set():
                continue
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            thread = threading.Thread(
                target=self._serve, args=(conn,), name="fake-printer-conn", daemon=True
            )
            with self._lock:
                self._connections[conn] = thread
                self.connection_count += 1
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        parser = EscPosStream()
        try:
            while True:
                with self._lock:
                    if not self._running or self._state is FakeState.OFFLINE:
                        break
                    silent = self._state is FakeState.SILENT
                if silent:  # never read, never answer
                    time.sleep(0.01)
                    continue
                ready, _, _ = select.select([conn], [], [], 0.02)
                if not ready:
                    continue
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                with self._lock:
                    self.received += chunk
                for kind, payload in parser.feed(chunk):
                    with self._lock:
                        if kind == "ticket":
                            self.tickets.append(payload)
                            self._lock.notify_all()
                            continue
                        self.status_requests.append(payload)
                        reply = status_reply(self._state, payload)
                    if reply:
                        conn.sendall(reply)
        except OSError:
            pass
        finally:
            if parser.pending:
                with self._lock:
                    self.pending.append(parser.pending)
            conn.close()
            with self._lock:
                self._connections.pop(conn, None)
                self._lock.notify_all()
