"""The procedure catalogue: import (JSON or CSV) with versions, linked groups, search."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from server.dossiers.models import Procedure, ProcedureGroup
from server.dossiers.usecases.common import fold, refuse_nul
from server.kernel.errors import DomainError, bad_request
from server.kernel.models import Center
from server.kernel.runtime import Ctx

DATA = Path(__file__).resolve().parent.parent / "data"
LEVELS = ("commune", "provincial")
STAGE_ROLES = ("officer", "supervisor", "leader")
_CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{0,31}$")
# The fields a version is made of: any change to one of them makes a new version.
_VERSIONED = ("name_vi", "name_en", "field_vi", "field_en", "level", "agency_code",
              "duration_days", "duration_hours", "duration_note", "fee_vnd", "fee_note",
              "stages", "documents", "keywords")


def _invalid(where: str, vi: str, en: str) -> DomainError:
    return bad_request("procedures.invalid", f"Thủ tục {where}: {vi}", f"Procedure {where}: {en}")


def _number(value: Any, where: str, key: str, integer: bool = False) -> float | int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _invalid(where, f"{key} phải là số", f"{key} must be a number") from None
    if number < 0:
        raise _invalid(where, f"{key} không được âm", f"{key} must be >= 0")
    if integer:
        if number != int(number):
            raise _invalid(where, f"{key} phải là số nguyên", f"{key} must be an integer")
        return int(number)
    return number


def _strings(value: Any, where: str, key: str) -> list[str]:
    if value is None or value == "":
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _invalid(where, f"{key} phải là danh sách chuỗi", f"{key} must be a list of text")
    return [v.strip() for v in value if v.strip()]


def _stage(raw: Any, where: str) -> dict:
    if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
        raise _invalid(where, "mỗi bước cần có tên", "each stage needs a name")
    days = _number(raw.get("budget_days"), where, "budget_days", integer=True)
    hours = _number(raw.get("budget_hours"), where, "budget_hours")
    budget = hours if days is None else days
    if (days is None) == (hours is None) or budget is None or budget <= 0:
        raise _invalid(where, f"bước '{raw['name']}' cần đúng một thời hạn > 0 (ngày hoặc giờ)",
                       f"stage '{raw['name']}' needs exactly one budget > 0 (days or hours)")
    role = raw.get("role") or "officer"
    if role not in STAGE_ROLES:
        raise _invalid(where, f"vai trò không hợp lệ: {role}", f"unknown stage role: {role}")
    stage = {"name": str(raw["name"]).strip(), "name_en": str(raw.get("name_en") or "").strip(),
             "role": role}
    stage["budget_days" if days is not None else "budget_hours"] = \
        days if days is not None else hours
    return stage


def normalize_procedure(raw: Any, index: int) -> dict:
    """Check one procedure of the catalogue format and return its stored fields."""
    if not isinstance(raw, dict):
        raise _invalid(f"#{index + 1}", "phải là một đối tượng", "must be an object")
    code = str(raw.get("code") or "").strip()
    where = f"#{index + 1} ({code or '?'})"
    if not _CODE_RE.match(code):
        raise _invalid(where, "mã thủ tục không hợp lệ", "bad or missing code")
    name = str(raw.get("name") or raw.get("name_vi") or "").strip()
    if not name:
        raise _invalid(where, "thiếu tên thủ tục", "name is required")
    level = raw.get("level")
    if level not in LEVELS:
        raise _invalid(where, "cấp phải là commune hoặc provincial",
                       "level must be commune or provincial")
    agency = str(raw.get("agency_code") or "").strip()
    if not agency or "-" in agency or len(agency) > 32:
        raise _invalid(where, "mã cơ quan không hợp lệ (không chứa '-')",
                       "agency_code is required, without '-'")
    days = _number(raw.get("duration_days"), where, "duration_days", integer=True)
    hours = _number(raw.get("duration_hours"), where, "duration_hours")
    if (days is None) == (hours is None):
        raise _invalid(where, "cần đúng một thời hạn: duration_days hoặc duration_hours",
                       "give exactly one of duration_days, duration_hours")
    stages = raw.get("stages")
    if not isinstance(stages, list) or not stages:
        raise _invalid(where, "cần ít nhất một bước xử lý", "at least one stage is required")
    fee = _number(raw.get("fee_vnd", 0), where, "fee_vnd", integer=True) or 0
    valid_from = raw.get("valid_from")
    return {
        "code": code,
        "name_vi": name[:500],
        "name_en": str(raw.get("name_en") or "").strip()[:500],
        "field_vi": str(raw.get("field") or raw.get("field_vi") or "").strip()[:200],
        "field_en": str(raw.get("field_en") or "").strip()[:200],
        "level": level,
        "agency_code": agency,
        "duration_days": days,
        "duration_hours": hours,
        "duration_note": str(raw.get("duration_note") or "").strip() or None,
        "fee_vnd": fee,
        "fee_note": str(raw.get("fee_note") or "").strip() or None,
        "stages": [_stage(s, where) for s in stages],
        "documents": _strings(raw.get("documents"), where, "documents"),
        "keywords": _strings(raw.get("keywords"), where, "keywords"),
        "valid_from": str(valid_from) if valid_from else None,
    }


def _hash(fields: dict) -> str:
    canonical = json.dumps({k: fields[k] for k in _VERSIONED}, sort_keys=True,
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def current_procedure(ctx: Ctx, code: str) -> Procedure:
    """Return the current version of a procedure, or a clear 404."""
    refuse_nul(code)
    proc = ctx.session.scalar(select(Procedure).where(Procedure.code == str(code or "").strip(),
                                                      Procedure.current))
    if proc is None:
        raise DomainError("procedure.not_found", f"Không tìm thấy thủ tục: {code}",
                          f"Unknown procedure: {code}", 404)
    return proc


def import_procedures(ctx: Ctx, procedures: list, valid_from: str | None = None) -> dict:
    """Import procedures; a changed one gets a new version, an unchanged one is left alone."""
    if not isinstance(procedures, list):
        raise bad_request("procedures.invalid", "Danh sách thủ tục không hợp lệ",
                          "procedures must be a list")
    normalized = [normalize_procedure(raw, i) for i, raw in enumerate(procedures)]
    seen: set[str] = set()
    for p in normalized:
        if p["code"] in seen:
            raise _invalid(p["code"], "bị trùng trong tệp", "appears twice in the file")
        seen.add(p["code"])
    counts = {"created": 0, "new_version": 0, "unchanged": 0}
    now = ctx.clock()
    for fields in normalized:
        digest = _hash(fields)
        current = ctx.session.scalar(select(Procedure).where(Procedure.code == fields["code"],
                                                             Procedure.current))
        if current is not None and current.content_hash == digest:
            counts["unchanged"] += 1
            continue
        last = ctx.session.scalar(select(func.max(Procedure.version))
                                  .where(Procedure.code == fields["code"])) or 0
        if current is not None:
            current.current = False
            ctx.session.flush()
        start = fields.pop("valid_from") or valid_from
        ctx.session.add(Procedure(
            **fields, version=last + 1, current=True, content_hash=digest, imported_at=now,
            valid_from=date.fromisoformat(start) if start else None))
        counts["created" if last == 0 else "new_version"] += 1
    ctx.session.flush()
    return counts


def import_groups(ctx: Ctx, groups: list) -> dict:
    """Create or update linked-procedure groups (by code)."""
    if not isinstance(groups, list):
        raise bad_request("groups.invalid", "Danh sách nhóm không hợp lệ", "groups must be a list")
    counts = {"groups": 0}
    for i, raw in enumerate(groups):
        if not isinstance(raw, dict) or not str(raw.get("code") or "").strip() or \
                not isinstance(raw.get("procedures"), list) or len(raw["procedures"]) < 2:
            raise bad_request("groups.invalid", f"Nhóm #{i + 1}: cần mã và ít nhất hai thủ tục",
                              f"Group #{i + 1}: needs a code and at least two procedures")
        for code in raw["procedures"]:
            current_procedure(ctx, code)
        group = ctx.session.scalar(select(ProcedureGroup)
                                   .where(ProcedureGroup.code == raw["code"].strip()))
        if group is None:
            group = ProcedureGroup(code=raw["code"].strip())
            ctx.session.add(group)
        group.name_vi = str(raw.get("name") or raw["code"])[:500]
        group.name_en = str(raw.get("name_en") or "")[:500]
        group.procedure_codes = [str(c) for c in raw["procedures"]]
        group.updated_at = ctx.clock()
        counts["groups"] += 1
    ctx.session.flush()
    return counts


def import_document(ctx: Ctx, data: Any) -> dict:
    """Import a parsed catalogue document: {procedures: [...], groups: [...]} or a list."""
    refuse_nul(data)
    if isinstance(data, list):
        data = {"procedures": data}
    if not isinstance(data, dict) or not ({"procedures", "groups"} & set(data)):
        raise bad_request("procedures.invalid", "Tệp cần có khóa 'procedures' hoặc 'groups'",
                          "The file needs a 'procedures' or 'groups' key")
    result: dict = {}
    if "procedures" in data:
        result |= import_procedures(ctx, data["procedures"], data.get("valid_from"))
    if "groups" in data:
        result |= import_groups(ctx, data["groups"])
    return result


# --- CSV ---------------------------------------------------------------------------

CSV_COLUMNS = ("code", "name", "name_en", "field", "field_en", "level", "agency_code",
               "duration_days", "duration_hours", "fee_vnd", "documents", "stages", "keywords",
               "duration_note", "fee_note")
_BUDGET_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dh])\s*$", re.I)


def parse_csv(text: str) -> list[dict]:
    """Read the CSV catalogue format into the JSON shape (see docs/portal.md)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "code" not in reader.fieldnames:
        raise bad_request("procedures.invalid", "Tệp CSV cần dòng tiêu đề có cột 'code'",
                          "The CSV needs a header row with a 'code' column")
    rows = []
    for n, row in enumerate(reader, start=2):
        out: dict[str, Any] = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS if k in row}
        for key in ("documents", "keywords"):
            out[key] = [x.strip() for x in out.get(key, "").split("|") if x.strip()]
        stages = []
        for part in [p for p in out.get("stages", "").split("|") if p.strip()]:
            bits = part.rsplit(":", 2)
            match = _BUDGET_RE.match(bits[1]) if len(bits) == 3 else None
            if match is None:
                raise bad_request("procedures.invalid",
                                  f"Dòng {n}: bước '{part.strip()}' phải có dạng tên:4h:vai_trò",
                                  f"Line {n}: stage '{part.strip()}' must be name:4h:role")
            amount, unit = float(match[1]), match[2].lower()
            stage = {"name": bits[0].strip(), "role": bits[2].strip()}
            stage["budget_days" if unit == "d" else "budget_hours"] = \
                int(amount) if unit == "d" else amount
            stages.append(stage)
        out["stages"] = stages
        for key in ("duration_days", "duration_hours", "fee_vnd"):
            out[key] = out.get(key) or None
        rows.append(out)
    return rows


def load_file(path: str | Path) -> Any:
    """Read a catalogue file: .csv (procedures) or JSON (procedures and/or groups)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise bad_request("file.unreadable", f"Không đọc được tệp {path}: {exc.strerror}",
                          f"Cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise bad_request("file.encoding", f"Tệp {path} phải là UTF-8",
                          f"{path} must be UTF-8") from None
    if path.suffix.lower() == ".csv":
        return {"procedures": parse_csv(text)}
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad_request("file.bad_json", f"Tệp JSON không hợp lệ (dòng {exc.lineno})",
                          f"Invalid JSON (line {exc.lineno}): {exc.msg}") from None


def load_demo_catalogue(ctx: Ctx, center: Center | None = None) -> dict:
    """Load the demo procedures and linked groups (server/dossiers/data); safe to run again."""
    result = import_document(ctx, load_file(DATA / "procedures.json"))
    result |= import_document(ctx, load_file(DATA / "procedure_groups.json"))
    if center is not None and not center.agency_code:
        center.agency_code = "H15.50.05.13"
    return result


# --- Read side ---------------------------------------------------------------------

def duration_text(days: int | None, hours: float | None) -> tuple[str, str]:
    """Return the statutory duration in words (vi, en)."""
    if days is not None:
        if days == 0:
            return "Trong ngày", "Same day"
        return f"{days} ngày làm việc", f"{days} working day{'s' if days != 1 else ''}"
    shown = f"{hours:g}"
    return f"{shown} giờ làm việc", f"{shown} working hour{'s' if hours != 1 else ''}"


def procedure_view(proc: Procedure) -> dict:
    """Describe a procedure for the public list and the intake form."""
    vi, en = duration_text(proc.duration_days, proc.duration_hours)
    return {
        "code": proc.code, "version": proc.version,
        "name": proc.name_vi, "name_vi": proc.name_vi, "name_en": proc.name_en,
        "field": proc.field_vi, "field_en": proc.field_en, "level": proc.level,
        "agency_code": proc.agency_code,
        "duration": vi, "duration_en": en,
        "duration_days": proc.duration_days, "duration_hours": proc.duration_hours,
        "duration_note": proc.duration_note,
        "fee_vnd": proc.fee_vnd, "fee_note": proc.fee_note,
        "documents": list(proc.documents or []),
        "stages": list(proc.stages or []),
        "keywords": list(proc.keywords or []),
    }


def _score(proc: Procedure, words: list[str]) -> int:
    """Rank a procedure for typed words: whole words beat prefixes, phrases beat words."""
    name = fold(proc.name_vi) + " " + fold(proc.name_en)
    keywords = [fold(k) for k in proc.keywords or []]
    text = " ".join([name, *keywords, fold(proc.field_vi), fold(proc.field_en), proc.code])
    tokens = set(text.replace(",", " ").replace("(", " ").replace(")", " ").split())
    score = 0
    for w in words:
        if w in tokens:
            score += 2
        elif any(t.startswith(w) for t in tokens):
            score += 1
        else:
            return 0
    phrase = " ".join(words)
    score += 6 * (phrase in name) + 8 * (phrase in keywords) + 4 * any(phrase in k
                                                                       for k in keywords)
    return score


def list_procedures(ctx: Ctx, q: str | None = None, level: str | None = None,
                    field: str | None = None) -> list[dict]:
    """List current procedures; `q` matches names, fields and keywords without diacritics."""
    query = select(Procedure).where(Procedure.current)
    if level:
        query = query.where(Procedure.level == level)
    rows = ctx.session.scalars(query.order_by(Procedure.field_vi, Procedure.name_vi)).all()
    if field:
        rows = [p for p in rows if fold(p.field_vi) == fold(field) or
                fold(p.field_en) == fold(field)]
    words = fold(q).split() if q else []
    if words:
        scored = [(s, p) for p in rows if (s := _score(p, words))]
        rows = [p for _s, p in sorted(scored, key=lambda sp: -sp[0])]
    return [procedure_view(p) for p in rows]


def list_groups(ctx: Ctx) -> list[dict]:
    """List linked-procedure groups."""
    rows = ctx.session.scalars(select(ProcedureGroup).order_by(ProcedureGroup.code))
    return [{"code": g.code, "name": g.name_vi, "name_en": g.name_en,
             "procedures": list(g.procedure_codes)} for g in rows]


def get_group(ctx: Ctx, code: str) -> ProcedureGroup:
    """Return a linked-procedure group by code, or a clear 404."""
    refuse_nul(code)
    group = ctx.session.scalar(select(ProcedureGroup).where(ProcedureGroup.code == code))
    if group is None:
        raise DomainError("group.not_found", f"Không tìm thấy nhóm thủ tục liên thông: {code}",
                          f"Unknown procedure group: {code}", 404)
    return group
