"""Browser tests: a real `motcua serve` (eventlet) on a free port, driven by Debian Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("QMS_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--autoplay-policy=no-user-gesture-required", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _motcua() -> list[str]:
    """The `motcua` console script of the running interpreter's environment."""
    for candidate in (Path(sys.executable).parent / "motcua", ROOT / ".venv" / "bin" / "motcua"):
        if candidate.exists():
            return [str(candidate)]
    return [sys.executable, "-m", "server"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    """A running server and the secrets `motcua demo load` printed."""

    base: str
    passwords: dict[str, str]
    kiosk_token: str
    board_tokens: dict[str, str]  # device name -> token
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)  # staff logins, cached

    def api(self, method: str, path: str, token: str | None = None, body: dict | None = None):
        """Call the JSON API; return (status, body)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                raw = resp.read()
                return resp.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def login(self, username: str) -> str:
        """Return a staff token for a demo account."""
        if username not in self.tokens:
            status, body = self.api("POST", "/api/v1/auth/login",
                                    body={"username": username,
                                          "password": self.passwords[username]})
            assert status == 200, body
            self.tokens[username] = body["token"]
        return self.tokens[username]

    def open_counter(self, username: str, number: int) -> tuple[str, int]:
        """Log in, open counter `number` for that officer; return (token, counter id)."""
        token = self.login(username)
        _, body = self.api("GET", "/api/v1/counters", token)
        counter_id = next(c["id"] for c in body["counters"] if c["number"] == number)
        status, body = self.api("POST", f"/api/v1/counters/{counter_id}/open", token)
        assert status == 200, body
        return token, counter_id

    def issue(self, service: str, priority: str | None = None) -> dict:
        """Issue a ticket as the kiosk."""
        status, body = self.api("POST", "/api/v1/tickets", self.kiosk_token,
                                {"service": service, "priority": priority})
        assert status == 201, body
        return body


def _parse_demo(out: str) -> tuple[dict[str, str], str, dict[str, str]]:
    passwords = dict(re.findall(r"^\s{2}(\w+)\s+(\S+)\s*$", out.split("Device tokens")[0],
                                re.M))
    kiosk = re.search(r"/kiosk\?token=(\S+)", out).group(1)
    boards = {name.strip(): tok for name, tok in
              re.findall(r"^\s+board\s+(.+?):\s+\S+/board\?token=(\S+)\s*$", out, re.M)}
    return passwords, kiosk, boards


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Migrate, load the demo center (always open), serve it, stop it afterwards."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    pytest.importorskip("playwright.sync_api")
    instance = tmp_path_factory.mktemp("instance")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QMS_")}
    env.update(QMS_INSTANCE_PATH=str(instance), QMS_PUBLIC_URL=base, PYTHONUNBUFFERED="1",
               QMS_LOG_LEVEL="WARNING")
    cmd = _motcua()
    run = dict(env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    done = subprocess.run([*cmd, "db", "upgrade"], **run)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([*cmd, "demo", "load", "--always-open"], **run)
    assert done.returncode == 0, done.stderr
    passwords, kiosk, boards = _parse_demo(done.stdout)
    log = instance / "server.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([*cmd, "serve", "--port", str(port)], env=env, cwd=ROOT,
                                stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield LiveServer(base, passwords, kiosk, boards, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser(live_server):
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts (own storage); page errors fail the test."""
    contexts, errors = [], []

    def make(width: int = 1920, height: int = 1080):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def screenshot():
    """save(page, name, docs=False): to tests/artifacts/, and docs/screenshots/ for the README."""

    def save(page, name: str, docs: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        page.mouse.move(1, 1)  # no hover state in pictures
        page.screenshot(path=str(path))
        # README pictures change only when asked: MOTCUA_UPDATE_SCREENSHOTS=1 make test.
        if docs and os.environ.get("MOTCUA_UPDATE_SCREENSHOTS") == "1":
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, DOCS_SCREENSHOTS / name)
        return path

    return save
