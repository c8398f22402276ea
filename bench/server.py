"""Start a real `motcua serve` (eventlet) on a temporary instance for benchmarks and tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

BIN = Path(sys.executable).parent / "motcua"


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    """A running server with the demo center's secrets."""

    url: str
    process: subprocess.Popen
    env: dict
    passwords: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def token(self, kind: str, index: int = 0) -> str:
        """Return the n-th device token of a kind."""
        return self.tokens[kind][index]

    def login(self, username: str) -> dict:
        """Return an Authorization header for a demo user."""
        res = requests.post(f"{self.url}/api/v1/auth/login",
                            json={"username": username, "password": self.passwords[username]})
        res.raise_for_status()
        return {"Authorization": f"Bearer {res.json()['token']}"}

    def rss_kb(self) -> int:
        """Return the server's resident memory in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def parse_demo_output(text: str) -> tuple[dict, dict]:
    """Read passwords and device tokens from `motcua demo load` output."""
    passwords = dict(re.findall(r"^\s{2}(\w+)\s+(\S+)$", text, re.M))
    tokens: dict[str, list[str]] = {}
    for kind, token in re.findall(r"^\s{2}(kiosk|board|tablet)\s.*token=(\S+)$", text, re.M):
        tokens.setdefault(kind, []).append(token)
    return passwords, tokens


def start_server(instance: str | None = None, extra_env: dict | None = None,
                 demo: bool = True, port: int | None = None) -> LiveServer:
    """Migrate, load the always-open demo center and serve; wait for /healthz."""
    instance = instance or tempfile.mkdtemp(prefix="motcua-")
    port = port or free_port()
    env = {**os.environ, "QMS_INSTANCE_PATH": instance,
           "QMS_PUBLIC_URL": f"http://127.0.0.1:{port}", **(extra_env or {})}
    subprocess.run([str(BIN), "db", "upgrade"], env=env, check=True, capture_output=True)
    passwords, tokens = {}, {}
    if demo:
        out = subprocess.run([str(BIN), "demo", "load", "--always-open", "--if-empty"],
                             env=env, check=True, capture_output=True, text=True).stdout
        passwords, tokens = parse_demo_output(out)
    Path(instance).mkdir(parents=True, exist_ok=True)
    log = open(Path(instance) / "server.log", "w")  # noqa: SIM115 - lives with the process
    proc = subprocess.Popen([str(BIN), "serve", "--port", str(port)], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return LiveServer(url, proc, env, passwords, tokens)
        except requests.ConnectionError:
            time.sleep(0.05)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f"server did not start: {(Path(instance) / 'server.log').read_text()}")
