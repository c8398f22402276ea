"""What the ratings use cases share: a center's scale, rule errors as domain errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from typing_extensions import TypedDict

from server.kernel.app_settings import read_setting
from server.kernel.errors import DomainError
from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.ratings.rules.scales import REASONS, SCALES, RatingRefused, levels
from server.ratings.settings import ratings_settings

# The administrator's per-center choice: {"scale_by_center": {"CENTER_CODE": "three"}}.
APP_SETTING = "ratings"


def scale_of(ctx: Ctx, center: Center) -> str:
    """Return the center's rating scale: its own choice, else the deployment's."""
    value, _ = read_setting(ctx, APP_SETTING)
    chosen = ((value or {}).get("scale_by_center") or {}).get(center.code)
    if chosen in SCALES:
        return str(chosen)
    default = ratings_settings(ctx.settings).scale
    return default if default in SCALES else SCALES[0]


class LevelView(TypedDict):
    """One choice of a center's scale: the score it stores, its face and its words."""

    score: int
    face: str
    label_vi: str
    label_en: str


def level_views(scale: str) -> list[LevelView]:
    """Describe the choices of a scale for a screen."""
    return [LevelView(score=lv.score, face=lv.face, label_vi=lv.label_vi, label_en=lv.label_en)
            for lv in levels(scale)]


class ReasonView(TypedDict):
    """A reason a citizen may give for a low score."""

    code: str
    label_vi: str
    label_en: str


def reason_views() -> list[ReasonView]:
    """Describe the reasons for a low score, in the screens' order."""
    return [ReasonView(code=r.code, label_vi=r.label_vi, label_en=r.label_en) for r in REASONS]


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a pure rule's refusal into the DomainError adapters answer with."""
    try:
        yield
    except RatingRefused as err:
        raise DomainError(err.code, err.vi, err.en, err.status) from None
