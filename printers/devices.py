"""Printer adapters chosen by URL, all with ``send(bytes)``, ``status()`` and ``close()``.

Every operation has a timeout. A printer that refuses the connection, is unplugged, or stays
silent past the timeout is reported as ``PrinterStatus.OFFLINE`` by ``status()`` and raises
``PrinterOffline`` from ``send()``. Connections are opened lazily, on first use, and dropped
after any error so that the next call reconnects.

Blocking note for eventlet servers: the network, file and lp adapters only use sockets,
``poll`` and subprocesses (green under monkey patching); USB (pyusb) and CUPS (pycups) block in
C and must be called through ``eventlet.tpool`` or another process.
"""

from __future__ import annotations

import errno
import os
import select
import shutil
import socket
import subprocess
import time
from typing import Literal, Protocol, runtime_checkable

from ._escpos import CupsPrinter, DeviceNotFoundError, EscposError, Network, Serial, Usb, constants
from .errors import BadPrinterURL, PrinterOffline, PrinterUnavailable
from .status import PrinterStatus, decode_status, error_for_status
from .urls import PrinterURL, parse_printer_url

__all__ = [
    "DummyPrinter",
    "FilePrinter",
    "LpPrinter",
    "NetworkPrinter",
    "Printer",
    "SerialPrinter",
    "UsbPrinter",
    "check_printer",
    "open_printer",
    "parse_printer_url",
]

DLE_EOT_PRINTER = constants.RT_STATUS_ONLINE  # DLE EOT 1: printer status
DLE_EOT_OFFLINE_CAUSE = constants.RT_STATUS + b"\x02"  # DLE EOT 2: offline cause
DLE_EOT_PAPER = constants.RT_STATUS_PAPER  # DLE EOT 4: roll paper sensor

# Errors meaning "cannot talk to the printer right now". TimeoutError, pyusb's USBError and
# pyserial's SerialException are all OSError subclasses.
_TRANSPORT_ERRORS = (DeviceNotFoundError, EscposError, OSError, EOFError)
_POLL_FAILURE = select.POLLERR | select.POLLHUP | select.POLLNVAL


@runtime_checkable
class Printer(Protocol):
    """What every adapter returned by ``open_printer`` offers."""

    url: str

    def send(self, data: bytes) -> None:
        """Send raw ESC/POS bytes; raise a PrinterError subclass on failure."""

    def status(self) -> PrinterStatus:
        """Ask the printer for its state; never raises for transport errors."""

    def close(self) -> None:
        """Release the connection (safe to call twice)."""


class _BasePrinter:
    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout

    def close(self) -> None:
        """Release the connection (safe to call twice)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"


# --------------------------------------------------------------------------- escpos-backed


class _GracefulNetwork(Network):
    """escpos' Network transport, closed without resetting data still in flight."""

    linger = 1.0
    _device: socket.socket | Literal[False] | None  # as escpos sets it: False when closed

    def close(self) -> None:
        sock = self._device
        self._device = False
        if not sock:
            return
        try:
            # Half-close and wait (briefly) for the printer's EOF: closing outright while
            # unread status bytes sit in our buffer sends RST, which can drop print data.
            sock.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + min(self.linger, self.timeout)
            while (remaining := deadline - time.monotonic()) > 0:
                sock.settimeout(remaining)
                if not sock.recv(1024):
                    break
        except OSError:
            pass
        finally:
            sock.close()

    def abort(self) -> None:
        sock = self._device
        self._device = False
        if sock:
            sock.close()

    def __del__(self) -> None:
        self.abort()


class _TimedSerial(Serial):
    """escpos' Serial transport with a write timeout (pyserial writes block by default)."""

    def open(self, raise_not_found: bool = True) -> None:
        super().open(raise_not_found)
        if self._device:
            self._device.write_timeout = self.timeout


def _query_status(target: PrinterURL) -> bool:
    """Tell whether to ask the printer for DLE EOT status (``?query_status=``, default yes)."""
    value = target.option("query_status", True)
    if not isinstance(value, bool):  # parse_printer_url() converts it to a bool
        raise BadPrinterURL(f"query_status must be a boolean, not {value!r}", url=target.url)
    return value


class _EscposPrinter(_BasePrinter):
    """Adapter around an escpos transport that supports real-time status (``_read``)."""

    def _make_device(self):
        raise NotImplementedError

    def __init__(self, url: str, timeout: float, query_status: bool = True) -> None:
        super().__init__(url, timeout)
        self.query_status = query_status
        self._device = None

    def _connect(self):
        if self._device is None:
            device = self._make_device()
            device.open()  # raises DeviceNotFoundError
            self._device = device
        return self._device

    def _drop(self) -> None:
        device, self._device = self._device, None
        if device is None:
            return
        abort = getattr(device, "abort", None)
        try:
            abort() if abort else device.close()
        except Exception:  # noqa: BLE001 - a broken transport must not mask the real error
            pass

    def _query(self, device, request: bytes) -> int:
        answer = device.query_status(request)
        if not answer:
            raise EOFError("no answer to the status request")
        return answer[-1]

    def send(self, data: bytes) -> None:
        """Send raw ESC/POS bytes; raise PrinterOffline if the printer cannot take them."""
        try:
            self._connect()._raw(bytes(data))
        except _TRANSPORT_ERRORS as exc:
            self._drop()
            raise PrinterOffline(f"{type(exc).__name__}: {exc}", url=self.url) from exc

    def status(self) -> PrinterStatus:
        """Query DLE EOT 1, 2 and 4; a refused, unplugged or silent printer is OFFLINE."""
        try:
            device = self._connect()
            if not self.query_status:  # reachable, but this model does not answer DLE EOT
                return PrinterStatus.UNKNOWN
            printer = self._query(device, DLE_EOT_PRINTER)
            cause = self._query(device, DLE_EOT_OFFLINE_CAUSE)
            paper = self._query(device, DLE_EOT_PAPER)
        except _TRANSPORT_ERRORS:
            self._drop()
            return PrinterStatus.OFFLINE
        return decode_status(printer, cause, paper)

    def close(self) -> None:
        """Close the connection, letting queued bytes reach the printer."""
        device, self._device = self._device, None
        if device is not None:
            try:
                device.close()
            except _TRANSPORT_ERRORS:
                pass


class NetworkPrinter(_EscposPrinter):
    """Raw TCP printer (port 9100); ``timeout`` bounds connect, send and each status answer."""

    def __init__(self, target: PrinterURL, timeout: float) -> None:
        super().__init__(target.url, timeout, _query_status(target))
        self.host, self.port = target.host, target.port

    def _make_device(self):
        return _GracefulNetwork(host=self.host, port=self.port, timeout=self.timeout)


class UsbPrinter(_EscposPrinter):
    """USB printer through pyusb (blocking C calls: use eventlet.tpool under eventlet)."""

    def __init__(self, target: PrinterURL, timeout: float) -> None:
        if not Usb.is_usable():
            raise PrinterUnavailable("pyusb is not installed (pip install pyusb)", url=target.url)
        super().__init__(target.url, timeout, _query_status(target))
        self.target = target

    def _make_device(self):
        kwargs = {
            k: v for k, v in (("in_ep", self.target.option("in_ep")),
                              ("out_ep", self.target.option("out_ep"))) if v is not None
        }
        # pyusb timeouts are in milliseconds; escpos' default of 0 means "wait forever".
        return Usb(
            idVendor=self.target.vendor_id,
            idProduct=self.target.product_id,
            timeout=max(1, int(self.timeout * 1000)),
            **kwargs,
        )


class SerialPrinter(_EscposPrinter):
    """Serial printer through pyserial, with read and write timeouts."""

    def __init__(self, target: PrinterURL, timeout: float) -> None:
        if not Serial.is_usable():
            raise PrinterUnavailable(
                "pyserial is not installed (pip install pyserial)", url=target.url
            )
        super().__init__(target.url, timeout, _query_status(target))
        self.target = target

    def _make_device(self):
        options = {k: v for k, v in self.target.options if k != "query_status"}
        return _TimedSerial(devfile=self.target.path, timeout=self.timeout, **options)


# --------------------------------------------------------------------------- plain adapters


class FilePrinter(_BasePrinter):
    """A device node such as /dev/usb/lp0 (or an existing file), written with a deadline."""

    def __init__(self, target: PrinterURL, timeout: float) -> None:
        super().__init__(target.url, timeout)
        if target.path is None:  # parse_printer_url() requires one for file://
            raise BadPrinterURL("a device path is required", url=target.url)
        self.path = target.path

    def send(self, data: bytes) -> None:
        """Write all bytes before the timeout, or raise PrinterOffline/PrinterUnavailable."""
        deadline = time.monotonic() + self.timeout
        flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(self.path, flags | getattr(os, "O_CLOEXEC", 0))
        except PermissionError as exc:
            raise PrinterUnavailable(f"no permission to write {self.path}", url=self.url) from exc
        except OSError as exc:  # ENOENT (unplugged), ENXIO (no reader), ENODEV...
            raise PrinterOffline(f"cannot open {self.path}: {exc.strerror}", url=self.url) from exc
        try:
            poller = select.poll()
            poller.register(fd, select.POLLOUT)
            view = memoryview(bytes(data))
            while view:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PrinterOffline(
                        f"write timed out after {self.timeout:g}s "
                        f"({len(data) - len(view)} of {len(data)} bytes written)",
                        url=self.url,
                    )
                events = poller.poll(max(1, int(remaining * 1000)))
                if any(ev & _POLL_FAILURE for _, ev in events):
                    raise PrinterOffline(f"device error on {self.path}", url=self.url)
                if not events:
                    continue
                try:
                    view = view[os.write(fd, view):]
                except BlockingIOError:
                    continue
        except OSError as exc:
            if exc.errno == errno.EACCES:
                raise PrinterUnavailable(str(exc), url=self.url) from exc
            raise PrinterOffline(f"write failed: {exc.strerror}", url=self.url) from exc
        finally:
            os.close(fd)

    def status(self) -> PrinterStatus:
        """OFFLINE when the device node is gone, else UNKNOWN (write-only link)."""
        return PrinterStatus.UNKNOWN if os.path.exists(self.path) else PrinterStatus.OFFLINE


class LpPrinter(_BasePrinter):
    """A CUPS queue through the ``lp`` command (argument list, ``--``, raw option, timeout)."""

    def __init__(self, target: PrinterURL, timeout: float, lp_path: str) -> None:
        super().__init__(target.url, timeout)
        if target.name is None:  # parse_printer_url() requires one for cups://
            raise BadPrinterURL("a CUPS queue name is required", url=target.url)
        self.name = target.name
        self.lp_path = lp_path

    def command(self) -> list[str]:
        """Return the argument list given to ``lp`` (the data goes to its standard input)."""
        return [self.lp_path, "-d", self.name, "-o", "raw", "-t", "motcua", "-s", "--"]

    def send(self, data: bytes) -> None:
        """Queue the bytes with ``lp``; raise PrinterOffline if it fails or times out."""
        try:
            done = subprocess.run(
                self.command(),
                input=bytes(data),
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrinterOffline(f"lp did not finish in {self.timeout:g}s", url=self.url) from exc
        except OSError as exc:
            raise PrinterUnavailable(f"cannot run lp: {exc}", url=self.url) from exc
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()[:300]
            raise PrinterOffline(f"lp exit {done.returncode}: {message}", url=self.url)

    def status(self) -> PrinterStatus:
        """Always UNKNOWN: CUPS queues jobs and does not relay ESC/POS status."""
        return PrinterStatus.UNKNOWN


class PyCupsPrinter(_BasePrinter):
    """A CUPS queue through pycups (used only when the ``lp`` command is absent)."""

    def __init__(self, target: PrinterURL, timeout: float) -> None:
        super().__init__(target.url, timeout)
        self.name = target.name

    def send(self, data: bytes) -> None:
        """Submit a raw job through pycups (a blocking C call, without timeout)."""
        printer = CupsPrinter(printer_name=self.name)
        try:
            printer.open(job_name="motcua")
            printer._raw(bytes(data))
            printer.close()
        except (DeviceNotFoundError, EscposError, RuntimeError, OSError) as exc:
            raise PrinterOffline(str(exc), url=self.url) from exc
        except Exception as exc:  # cups.IPPError and friends
            raise PrinterOffline(f"{type(exc).__name__}: {exc}", url=self.url) from exc

    def status(self) -> PrinterStatus:
        """Always UNKNOWN: CUPS does not relay ESC/POS status."""
        return PrinterStatus.UNKNOWN


class DummyPrinter(_BasePrinter):
    """Keeps sent bytes in memory; its status comes from ``?status=`` or ``set_status``."""

    def __init__(self, target: PrinterURL, timeout: float) -> None:
        super().__init__(target.url, timeout)
        self.sent: list[bytes] = []
        status = target.option("status", PrinterStatus.OK)
        if not isinstance(status, PrinterStatus):  # parse_printer_url() converts it
            raise BadPrinterURL(f"unknown printer status {status!r}", url=target.url)
        self._status = status
        self.closed = False

    def set_status(self, status: PrinterStatus) -> None:
        """Change what ``status()`` reports (and whether ``send`` fails)."""
        self._status = PrinterStatus(status)

    def send(self, data: bytes) -> None:
        """Record the bytes, or raise the error matching a non-printing status."""
        error = error_for_status(self._status, self.url)
        if error is not None:
            raise error
        self.sent.append(bytes(data))

    def status(self) -> PrinterStatus:
        """Return the configured status."""
        return self._status

    def close(self) -> None:
        """Mark the dummy closed (it keeps its recorded bytes)."""
        self.closed = True


# --------------------------------------------------------------------------- factory


def _open_cups(target: PrinterURL, timeout: float) -> Printer:
    lp_path = shutil.which("lp")
    if lp_path:
        return LpPrinter(target, timeout, lp_path)
    if CupsPrinter.is_usable():
        return PyCupsPrinter(target, timeout)
    raise PrinterUnavailable(
        "neither the lp command (Debian: cups-client) nor pycups is installed", url=target.url
    )


def open_printer(url: str, timeout: float = 5.0) -> Printer:
    """Return the adapter for a printer URL (no I/O yet); raise BadPrinterURL/PrinterUnavailable."""
    if not timeout or timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    target = parse_printer_url(url)
    if target.scheme == "network":
        return NetworkPrinter(target, timeout)
    if target.scheme == "usb":
        return UsbPrinter(target, timeout)
    if target.scheme == "serial":
        return SerialPrinter(target, timeout)
    if target.scheme == "file":
        return FilePrinter(target, timeout)
    if target.scheme == "cups":
        return _open_cups(target, timeout)
    return DummyPrinter(target, timeout)


def check_printer(url: str, timeout: float = 5.0) -> PrinterStatus:
    """Open a printer, ask its status and close it; configuration errors still raise."""
    printer = open_printer(url, timeout)
    try:
        return printer.status()
    finally:
        printer.close()

