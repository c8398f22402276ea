"""What others may use of printing: how a print agent turns a job into bytes."""

from __future__ import annotations

from server.printing.rules.slips import render_job, width_dots

__all__ = ["render_job", "width_dots"]
