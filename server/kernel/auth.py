"""Staff accounts, logins and device tokens: only hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select

from server.kernel.errors import DomainError, bad_request
from server.kernel.models import Center, Device, Staff, StaffSession
from server.kernel.principals import DeviceKind, Principal, Role
from server.kernel.runtime import Ctx, Runtime

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """Hash a password with scrypt and a random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(stored: str, password: str) -> bool:
    """Check a password against its stored hash in constant time."""
    try:
        _algo, salt, digest = stored.split("$")
    except ValueError:
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=32, **_SCRYPT)
    return hmac.compare_digest(got.hex(), digest)


def token_hash(token: str) -> str:
    """Return the stored form of a bearer token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_password() -> str:
    """Generate a password a person can type (printed once, never stored in clear)."""
    return secrets.token_urlsafe(12)


def create_staff(ctx: Ctx, username: str, role: str, password: str, center_id: int | None,
                 full_name: str = "") -> Staff:
    """Create a staff account; passwords shorter than 10 characters are refused."""
    if role not in {r.value for r in Role}:
        raise bad_request("staff.bad_role", f"Vai trò không hợp lệ: {role}",
                          f"Unknown role: {role}")
    if len(password) < 10:
        raise bad_request("staff.weak_password", "Mật khẩu phải có ít nhất 10 ký tự",
                          "Passwords need at least 10 characters")
    if ctx.session.scalar(select(Staff).where(Staff.username == username)):
        raise DomainError("staff.exists", f"Tài khoản {username} đã tồn tại",
                          f"User {username} already exists", 409)
    staff = Staff(username=username, role=role, password_hash=hash_password(password),
                  center_id=center_id, full_name=full_name)
    ctx.session.add(staff)
    ctx.session.flush()
    return staff


def login(ctx: Ctx, username: str, password: str) -> dict:
    """Exchange a username and password for a bearer token."""
    staff = ctx.session.scalar(select(Staff).where(Staff.username == username))
    if staff is None or not staff.active or not check_password(staff.password_hash, password):
        raise DomainError("auth.bad_credentials", "Sai tên đăng nhập hoặc mật khẩu",
                          "Wrong username or password", 401)
    token = secrets.token_urlsafe(32)
    now = ctx.clock()
    ctx.session.add(StaffSession(staff_id=staff.id, token_hash=token_hash(token), created_at=now,
                                 expires_at=now + timedelta(hours=ctx.settings.staff_token_hours)))
    return {"token": token, "role": staff.role, "username": staff.username,
            "staff_id": staff.id, "center_id": staff.center_id}


def create_device(ctx: Ctx, center: Center, kind: str, name: str,
                  config: dict | None = None) -> tuple[Device, str]:
    """Register a device and return it with its token (shown once)."""
    if kind not in {k.value for k in DeviceKind}:
        raise bad_request("device.bad_kind", f"Loại thiết bị không hợp lệ: {kind}",
                          f"Unknown device kind: {kind}")
    token = f"{kind[0]}_{secrets.token_urlsafe(32)}"
    device = Device(center_id=center.id, kind=kind, name=name, token_hash=token_hash(token),
                    config=config or {})
    ctx.session.add(device)
    ctx.session.flush()
    return device, token


def resolve_token(ctx: Ctx, token: str | None) -> Principal | None:
    """Return who holds a bearer token (staff session or device), or None."""
    if not token:
        return None
    digest = token_hash(token)
    device = ctx.session.scalar(select(Device).where(Device.token_hash == digest))
    if device is not None:
        if not device.active:
            return None
        return Principal("device", device.id, device.center_id, device_kind=device.kind,
                         name=device.name, config=dict(device.config or {}))
    row = ctx.session.execute(
        select(StaffSession, Staff).join(Staff, Staff.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == digest)
    ).first()
    if row is None:
        return None
    session_row, staff = row
    if session_row.expires_at <= ctx.clock() or not staff.active:
        return None
    return Principal("staff", staff.id, staff.center_id, role=staff.role, name=staff.username)


# A resolved token is trusted this long in one process: a revoked token or a disabled
# device may still work for up to this many seconds on the other server processes.
TOKEN_CACHE_S = 30


def principal_for(runtime: Runtime, token: str | None) -> Principal | None:
    """Resolve a token through the runtime's short-lived cache (one query saved per request)."""
    if not token:
        return None
    now = runtime.clock()
    who = runtime.tokens.get(token, now)
    if who is not None:
        return who
    with runtime.uow(write=False) as ctx:
        who = resolve_token(ctx, token)
    if who is not None:
        runtime.tokens.put(token, who, now + timedelta(seconds=TOKEN_CACHE_S))
    return who


def forget_token(runtime: Runtime, token: str) -> None:
    """Drop a token from this process's cache (logout, device revoked)."""
    runtime.tokens.forget(token)


def logout(ctx: Ctx, token: str) -> None:
    """Revoke a staff token."""
    row = ctx.session.scalar(select(StaffSession).where(StaffSession.token_hash ==
                                                        token_hash(token)))
    if row is not None:
        ctx.session.delete(row)
