"""Print agent for a kiosk whose ticket printer is attached to the kiosk PC.

    python -m kiosk.print_agent --server URL --token TOKEN --printer URL \\
        [--paper 58|80] [--journal PATH]

It connects to the server's ``/kiosk`` Socket.IO namespace with the kiosk's token, says
``print.hello`` on every (re)connect (the server then sends every job still queued or not
acknowledged), renders each ``print.job`` with ``printers.pipeline``, prints it with
``printers.devices`` and acknowledges it with ``print.ack``. It also sends ``printer.status``
periodically (the server's heartbeat and alert source).

Nothing is printed twice across restarts: before acknowledging a printed job, the agent
appends the job's key to a journal file and fsyncs it; a job sent again after a crash or a
lost ack is found in the journal and acknowledged without printing.
"""

from __future__ import annotations

import argparse
import logging
import os
import queue
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import socketio

from printers.devices import open_printer
from printers.errors import PrinterError
from printers.status import PrinterStatus, error_for_status
from server.printing.public import render_job, width_dots

log = logging.getLogger("motcua.print_agent")
NAMESPACE = "/kiosk"


def default_journal() -> Path:
    """Return the journal path used when none is given (XDG state folder)."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "motcua" / "print-journal.txt"


class PrintJournal:
    """Keys of the jobs printed here, one per line, fsynced before each acknowledgement."""

    def __init__(self, path: str | os.PathLike, keep: int = 5000) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = self.path.read_text().split() if self.path.exists() else []
        if len(lines) > 2 * keep:  # compact: the server never resends jobs that old
            lines = lines[-keep:]
            tmp = self.path.with_suffix(".tmp")
            with open(tmp, "w") as fh:
                fh.write("".join(f"{key}\n" for key in lines))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        self._keys = set(lines)

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        """Remember a printed job durably (append, flush, fsync)."""
        with open(self.path, "a") as fh:
            fh.write(f"{key}\n")
            fh.flush()
            os.fsync(fh.fileno())
        self._keys.add(key)


class PrintAgent:
    """Receive, print and acknowledge a kiosk's jobs; see the module docstring."""

    def __init__(self, server: str, token: str, printer: str, *, paper: int | None = None,
                 journal: str | os.PathLike | None = None, timeout: float = 5.0,
                 status_interval: float = 15.0, backoff: tuple[float, float] = (0.5, 10.0),
                 before_ack: Callable[[dict], bool] | None = None) -> None:
        self.server, self.token, self.printer_url = server.rstrip("/"), token, printer
        self.paper, self.timeout, self.status_interval = paper, timeout, status_interval
        self.backoff = backoff
        self.journal = PrintJournal(journal or default_journal())
        # Test hook: called after printing and journaling; returning False "kills" the agent
        # before it acknowledges (a crash between paper and ack).
        self.before_ack = before_ack
        self.jobs: queue.Queue[dict] = queue.Queue()
        self._pending: set[str] = set()  # keys queued or printing now
        self._printer_lock = threading.Lock()  # one printer operation at a time
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sio: socketio.Client | None = None
        self.printed = 0
        self.connected = threading.Event()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> PrintAgent:
        """Start the connection, worker and status threads; return at once."""
        for name, target in (("connection", self._connection_loop), ("worker", self._work),
                             ("status", self._status_loop)):
            thread = threading.Thread(target=target, name=f"print-agent-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the threads and disconnect."""
        self._stop.set()
        self._disconnect()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout)

    def run(self) -> None:
        """Run until SIGINT or SIGTERM (the command line)."""
        signal.signal(signal.SIGTERM, lambda *_: self._stop.set())
        self.start()
        try:
            while not self._stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        self.stop()

    # ------------------------------------------------------------------ connection

    def _client(self) -> socketio.Client:
        sio = socketio.Client(reconnection=False)  # reconnection is ours: see _connection_loop
        sio.on("connect", self._on_connect, namespace=NAMESPACE)
        sio.on("print.job", self._on_job, namespace=NAMESPACE)
        return sio

    def _connection_loop(self) -> None:
        delay = self.backoff[0]
        while not self._stop.is_set():
            sio = self._sio
            if sio is not None and sio.connected:
                self._stop.wait(0.2)
                continue
            self.connected.clear()
            self._disconnect()
            sio = self._sio = self._client()
            try:
                sio.connect(self.server, auth={"token": self.token}, namespaces=[NAMESPACE],
                            transports=["websocket"], wait_timeout=self.timeout)
            except (socketio.exceptions.ConnectionError, ValueError, OSError) as exc:
                log.info("cannot reach %s (%s); retrying in %.1f s", self.server, exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff[1])
                continue
            delay = self.backoff[0]
            self._hello()

    def _disconnect(self) -> None:
        sio = self._sio
        if sio is not None:
            try:
                sio.disconnect()
            except Exception:  # noqa: BLE001 - already gone
                pass

    def _on_connect(self) -> None:
        log.info("connected to %s", self.server)

    def _hello(self) -> None:
        status = self.check_status()
        self._emit("print.hello", {"token": self.token, "printer_status": status.value,
                                   "detail": self.printer_url})
        self.connected.set()

    def _emit(self, event: str, data: dict) -> bool:
        sio = self._sio
        try:
            if sio is None or not sio.connected:
                return False
            sio.emit(event, data, namespace=NAMESPACE, callback=lambda *a: self._answer(event, a))
            return True
        except (socketio.exceptions.SocketIOError, OSError) as exc:
            log.info("%s not sent (%s): the server resends unacknowledged jobs", event, exc)
            return False

    def _answer(self, event: str, args: tuple) -> None:
        answer = args[0] if args else None
        if not isinstance(answer, dict) or not answer.get("ok"):
            log.warning("%s refused: %s", event, answer)

    def _on_job(self, envelope: dict) -> None:
        job = envelope.get("data", envelope) if isinstance(envelope, dict) else None
        if not isinstance(job, dict) or "key" not in job:
            return
        if job["key"] in self._pending:  # already waiting or printing here
            return
        self._pending.add(job["key"])
        self.jobs.put(job)

    # ------------------------------------------------------------------ printing

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                job = self.jobs.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                self.handle(job)
            except Exception:  # noqa: BLE001 - never let one job stop the agent
                log.exception("job %s crashed", job.get("job_id"))
            finally:
                self._pending.discard(job["key"])

    def handle(self, job: dict) -> None:
        """Print one job (unless the journal says it was printed) and acknowledge it."""
        if job["key"] in self.journal:
            log.info("job %s already printed: acknowledging only", job["job_id"])
            self._ack(job, True, None, None)
            return
        ok, error, status = self.print_job(job)
        if ok:
            self.journal.add(job["key"])
            self.printed += 1
            if self.before_ack is not None and not self.before_ack(job):
                self._die()
                return
        self._ack(job, ok, error, status)

    def _ack(self, job: dict, ok: bool, error: str | None, status: str | None) -> None:
        self._emit("print.ack", {"job_id": job["job_id"], "ok": ok, "error_code": error,
                                 "printer_status": status})

    def print_job(self, job: dict) -> tuple[bool, str | None, str | None]:
        """Render and send a job; return (printed, error code, printer status)."""
        try:
            data = render_job(job["kind"], job.get("slip") or {},
                              width_dots(self.paper or job.get("paper") or 58))
        except Exception:  # noqa: BLE001 - reported to the server, which retries
            log.exception("job %s: cannot render", job.get("job_id"))
            return False, "render_error", None
        status = PrinterStatus.UNKNOWN
        with self._printer_lock:
            try:
                printer = open_printer(self.printer_url, timeout=self.timeout)
            except PrinterError as exc:
                return False, exc.code, None
            try:
                status = printer.status()
                error = error_for_status(status, self.printer_url)
                if error is None:
                    printer.send(data)
            except PrinterError as exc:
                error = exc
            finally:
                printer.close()
        return error is None, error.code if error else None, status.value

    def check_status(self) -> PrinterStatus:
        """Ask the printer for its status (offline if it cannot be opened)."""
        with self._printer_lock:
            try:
                printer = open_printer(self.printer_url, timeout=self.timeout)
            except PrinterError:
                return PrinterStatus.OFFLINE
            try:
                return printer.status()
            finally:
                printer.close()

    def _status_loop(self) -> None:
        while not self._stop.wait(self.status_interval):
            if self.connected.is_set():
                status = self.check_status()
                self._emit("printer.status", {"status": status.value,
                                              "detail": self.printer_url})

    def _die(self) -> None:
        log.warning("simulated crash before acknowledging")
        self._stop.set()
        self._disconnect()


def parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    p = argparse.ArgumentParser(prog="python -m kiosk.print_agent", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", required=True, help="server URL, e.g. http://10.0.0.2:5000")
    p.add_argument("--token", default=os.environ.get("MOTCUA_KIOSK_TOKEN"),
                   help="the kiosk's device token (or MOTCUA_KIOSK_TOKEN)")
    p.add_argument("--printer", required=True,
                   help="usb://VID:PID, serial:///dev/ttyS0, file:///dev/usb/lp0, "
                        "network://HOST:9100, cups://QUEUE or dummy://")
    p.add_argument("--paper", type=int, choices=(58, 80), help="paper width in mm "
                   "(default: the kiosk's setting on the server, else 58)")
    p.add_argument("--journal", help=f"printed-jobs journal (default {default_journal()})")
    p.add_argument("--timeout", type=float, default=5.0, help="printer timeout, seconds")
    p.add_argument("--status-interval", type=float, default=15.0,
                   help="seconds between printer status reports")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the agent from the command line."""
    args = parser().parse_args(argv)
    if not args.token:
        parser().error("--token is required (or set MOTCUA_KIOSK_TOKEN)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("escpos").setLevel(logging.WARNING)  # "printer enabled" at every open
    PrintAgent(args.server, args.token, args.printer, paper=args.paper, journal=args.journal,
               timeout=args.timeout, status_interval=args.status_interval).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
