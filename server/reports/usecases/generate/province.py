"""What the generated province looks like: ward names, people's names, demand mixes."""

from __future__ import annotations

TRACK_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOCKED_PASSWORD = "!locked"  # check_password() refuses it: no login until reset

WARDS = [
    "Cam Đường", "Lào Cai", "Cốc Lếu", "Bắc Hà", "Bát Xát", "Mường Khương",
    "Si Ma Cai", "Phong Hải", "Bảo Thắng", "Bảo Yên", "Văn Bàn", "Tả Van", "Tả Phìn",
    "Ngũ Chỉ Sơn", "Bản Hồ", "Mường Bo", "Trịnh Tường", "Y Tý", "A Mú Sung", "Bản Xèo",
    "Pha Long", "Cao Sơn", "Bản Lầu", "Lùng Phình", "Tả Củ Tỷ", "Bảo Nhai", "Cốc Ly",
    "Gia Phú", "Xuân Quang", "Phong Niên", "Tằng Loỏng", "Phố Ràng", "Nghĩa Đô", "Xuân Hòa",
    "Khánh Yên", "Dương Quỳ", "Chiềng Ken", "Minh Lương", "Nậm Chày", "Yên Bái", "Nam Cường",
    "Văn Phú", "Nghĩa Lộ", "Trung Tâm", "Cầu Thia", "Mù Cang Chải", "Trạm Tấu", "Văn Chấn",
    "Lục Yên", "Yên Thế", "Thác Bà", "Yên Bình", "Cảm Nhân", "Trấn Yên", "Hưng Khánh",
    "Lâm Thượng", "Mậu A", "Văn Yên", "Đông Cuông",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
          "Giàng", "Sùng", "Thào", "Vàng", "Lò", "Tẩn", "Lý", "Hờ", "Ma", "Lồ"]
MIDDLE = ["Văn", "Thị", "A", "Seo", "Thị Mai", "Minh", "Đức", "Thu", "Quang", "Chá"]
GIVEN = ["Anh", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Minh", "Nam", "Páo",
         "Sử", "Dế", "Mỷ", "Chài", "Tả", "Dín", "Sài", "Thảo", "Vân", "Hoa", "Lử"]

# How often each demo service is asked for, and its mean service time (seconds).
SERVICE_MIX = {"LAND": (0.17, 840), "CIVIL": (0.20, 420), "CERT": (0.22, 240),
               "BUSI": (0.06, 600), "BUILD": (0.04, 780), "SOCIAL": (0.08, 480),
               "RESID": (0.12, 360), "PROV": (0.11, 660)}
# Weekday weights (Mon..Sat): Monday mornings are the busiest.
WEEKDAY = (1.25, 1.1, 1.0, 1.0, 0.95, 0.45)
# Channel mix by level (docs/domain.md §10.3: commune 57 % online; provincial mostly in person).
CHANNELS = {"commune": (("in_person", 0.45), ("online", 0.54), ("postal", 0.01)),
            "provincial": (("in_person", 0.82), ("online", 0.15), ("postal", 0.03))}
# Who comes first at the kiosk: priority groups, and how often each shows up.
PRIORITIES = (None, "elderly", "disability", "pregnant", "small_child")
PRIORITY_WEIGHTS = (92, 4, 1.5, 1, 1.5)
STOP_NOTE = "Hồ sơ không đủ điều kiện giải quyết theo quy định"
REFUSE_NOTE = "Thành phần hồ sơ chưa đầy đủ"


def fake_name(rng) -> str:
    """A made-up Vietnamese full name (family, middle, given)."""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
