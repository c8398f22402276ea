"""A device's options (printer, layout, filters, ...), set by name as key=value pairs."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from server.kernel.errors import bad_request, not_found
from server.kernel.models import Device
from server.kernel.principals import DeviceKind
from server.kernel.runtime import Ctx


def parse_option(item: str) -> tuple[str, Any]:
    """Split `key=value`; the value is JSON when it parses (80, true, [..]), else text."""
    key, sep, raw = item.partition("=")
    if not sep or not key:
        raise bad_request("device.bad_setting", f"Cần dạng khóa=giá trị: {item}",
                          f"Expected key=value: {item}")
    if raw == "":
        return key, None
    try:
        return key, json.loads(raw)
    except ValueError:
        return key, raw


def check_option(kind: str, key: str, value: Any) -> None:
    """Refuse an option a device of this kind cannot use (a rating screen's counter number)."""
    if kind == DeviceKind.RATING and key == "counter" and value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise bad_request("device.bad_counter", f"Số quầy không hợp lệ: {value}",
                          f"A rating screen needs a counter number: {value}")


def configure_device(ctx: Ctx, name: str, items: list[str]) -> dict[str, Any]:
    """Set (or with an empty value, remove) options of the device called `name`."""
    device = ctx.session.scalar(select(Device).where(Device.name == name))
    if device is None:
        raise not_found("device", "thiết bị", name)
    config = dict(device.config or {})
    for item in items:
        key, value = parse_option(item)
        check_option(device.kind, key, value)
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    device.config = config
    return config
