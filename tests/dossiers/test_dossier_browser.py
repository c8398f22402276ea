"""In a real browser: serve a ticket, record its dossier at /intake, print the receipt, follow
the receipt's QR to the tracking page and watch the officer move the dossier on.

Runs the real server (`bench.server.start_server`: migrate, demo load, serve) and Debian's
Chromium through Playwright. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from support import run_browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
APPLICANT = {"name": "Nguyễn Thị Hoa", "phone": "0912345678", "id_number": "001234567890"}

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def live():
    """The real server with the demo center and (until demo load does it) the catalogue."""
    from bench.server import BIN, start_server

    server = start_server()
    try:
        for name in ("procedures.json", "procedure_groups.json"):
            data = ROOT / "server/dossiers/data" / name
            subprocess.run([str(BIN), "procedures", "import", str(data)],
                           env=server.env, check=True, capture_output=True)
        yield server
    finally:
        server.stop()




def shot(page, name: str, **kw) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), **kw)
    return path


def serve_a_ticket(live) -> tuple[dict, dict]:
    """Kiosk issues a civil-status ticket; officer1 opens counter 3, calls and starts it."""
    officer = live.login("officer1")
    kiosk = {"Authorization": f"Bearer {live.token('kiosk')}"}
    ticket = requests.post(f"{live.url}/api/v1/tickets", json={"service": "CIVIL"},
                           headers=kiosk, timeout=10).json()
    counters = requests.get(f"{live.url}/api/v1/counters", headers=officer, timeout=10).json()
    c3 = next(c for c in counters["counters"] if c["number"] == 3)
    for action in ("open", "call-next", "start"):
        res = requests.post(f"{live.url}/api/v1/counters/{c3['id']}/{action}", headers=officer,
                            timeout=10)
        assert res.status_code == 200, res.text
    return ticket, officer


def decode_qr(png: Path) -> str | None:
    """Read a QR code from a screenshot with zbarimg (zbar-tools), None if unavailable."""
    if shutil.which("zbarimg") is None:
        return None
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return out.stdout.strip() or None


def test_intake_receipt_and_live_tracking(live):
    run_browser(lambda browser: scenario(live, browser))


def scenario(live, browser) -> None:
    """Officer at /intake, receipt, QR, citizen's pages, the officer moves the dossier on."""
    ticket, _officer = serve_a_ticket(live)
    assert ticket["tracking_url"] == f"{live.url}/track/t/{ticket['tracking_code']}"

    # 1. The officer records the dossier at /intake.
    officer_ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = officer_ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live.url}/intake")
    page.fill("#username", "officer1")
    page.fill("#password", live.passwords["officer1"])
    page.click("#login-submit")
    page.wait_for_selector(f"#ticket option[value='{ticket['tracking_code']}']", state="attached")
    page.select_option("#ticket", ticket["tracking_code"])
    page.fill("#proc-search", "dang ky khai sinh")  # typed without diacritics
    first = page.locator("#procs .ik-proc").first
    assert "Đăng ký khai sinh" in first.inner_text()
    first.click()
    page.fill("#name", APPLICANT["name"])
    page.fill("#phone", APPLICANT["phone"])
    page.fill("#id-number", APPLICANT["id_number"])
    # Without consent the intake is refused with a clear message.
    page.click("#submit")
    page.wait_for_selector("#form-error:not([hidden])")
    assert "đồng ý" in page.inner_text("#form-error")
    page.check("#consent")
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden]) .result-code")
    code = page.inner_text("#result .result-code").strip()
    secret = page.inner_text("#result-secret").strip()
    assert re.fullmatch(r"H15\.50\.05\.13-\d{6}-\d{4}", code) and len(secret) == 6
    assert "17:00" in page.inner_text("#result .result-due")
    page.wait_for_timeout(4000)  # let the toast fade before the picture
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "intake.png", full_page=True)
    page.click("#lang")  # English and back: every label follows
    assert page.inner_text(".dz-head h1") == "Dossier intake"
    assert "Record the dossier" in page.inner_text("#submit")
    page.click("#lang")
    assert page.inner_text(".dz-head h1") == "Tiếp nhận hồ sơ"

    # 2. The receipt opens in a new tab; its QR leads to the tracking page.
    with officer_ctx.expect_page() as popup:
        page.click("#receipt-link")
    receipt = popup.value
    receipt.wait_for_load_state()
    receipt_html = receipt.content()
    assert code in receipt_html and secret in receipt_html
    assert APPLICANT["id_number"] not in receipt_html and "********7890" in receipt_html
    shot(receipt, "receipt.png", full_page=True)
    qr_png = ARTIFACTS / "receipt-qr.png"
    receipt.locator(".rc-qr svg").screenshot(path=str(qr_png))
    qr_url = decode_qr(qr_png)
    expected = f"{live.url}/track/d/{code}?secret={secret}"
    if qr_url is not None:
        assert qr_url == expected
    qr_url = qr_url or expected

    # 3. The citizen, on a phone, opens the QR's page and the ticket's page.
    phone = browser.new_context(viewport={"width": 412, "height": 915}, device_scale_factor=2,
                                is_mobile=True, has_touch=True)
    track = phone.new_page()
    track.goto(qr_url)
    assert track.inner_text("#status").startswith("Đã tiếp nhận")
    public_html = track.content()
    for bit in APPLICANT.values():
        assert bit not in public_html
    ticket_page = phone.new_page()
    ticket_page.goto(ticket["tracking_url"])
    ticket_page.wait_for_function(
        "document.getElementById('conn').textContent.includes('Trực tuyến')", timeout=15000)
    assert ticket["number"] in ticket_page.inner_text("#number")
    assert code in ticket_page.inner_text("#dossiers")
    assert "Đang được phục vụ" in ticket_page.inner_text("#status")

    # 4. The officer moves the dossier on: live on the ticket page, on reload on the other.
    page.click(f"#result button[data-move='4'][data-code='{code}']")
    page.wait_for_function(
        "document.querySelector('#result .result-status').textContent.includes('Đang xử lý')")
    ticket_page.wait_for_function(
        "document.getElementById('dossiers').textContent.includes('Đang xử lý')", timeout=15000)
    track.reload()
    assert track.inner_text("#status").startswith("Đang xử lý")
    assert "Xử lý, ghi sổ" in track.inner_text("#stage")
    shot(track, "track.png", full_page=True)
    shot(ticket_page, "track-ticket.png", full_page=True)
    for bit in APPLICANT.values():
        assert bit not in track.content() and bit not in ticket_page.content()
    assert errors == []
    phone.close()
    officer_ctx.close()
