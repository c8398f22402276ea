"""Domain errors: a stable code plus a human message in Vietnamese and English."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken; adapters turn it into JSON or a socket ack."""

    def __init__(self, code: str, message_vi: str, message_en: str, http_status: int = 409):
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
        self.http_status = http_status

    def to_dict(self) -> dict[str, str]:
        """Return the error body shared by REST responses and socket acks."""
        return {
            "code": self.code,
            "message": f"{self.message_vi} / {self.message_en}",
            "message_vi": self.message_vi,
            "message_en": self.message_en,
        }


def not_found(what: str, what_vi: str, key: object) -> DomainError:
    """Build the error for an unknown service, counter, ticket, ..."""
    return DomainError(
        f"{what}.not_found", f"Không tìm thấy {what_vi}: {key}", f"Unknown {what}: {key}", 404
    )


def bad_request(code: str, message_vi: str, message_en: str) -> DomainError:
    """Build a 400 error for malformed input."""
    return DomainError(code, message_vi, message_en, 400)
