"""printing

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import server.kernel.db.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("slip", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", server.kernel.db.base.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("printer_status", sa.String(length=16), nullable=True),
        sa.Column("created_at", server.kernel.db.base.UTCDateTime(), nullable=False),
        sa.Column("started_at", server.kernel.db.base.UTCDateTime(), nullable=True),
        sa.Column("finished_at", server.kernel.db.base.UTCDateTime(), nullable=True),
        sa.Column("updated_at", server.kernel.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["center_id"], ["centers.id"], name=op.f("fk_print_jobs_center_id_centers")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_print_jobs_device_id_devices")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["staff.id"], name=op.f("fk_print_jobs_requested_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_print_jobs_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_print_jobs_key")),
    )
    op.create_index("ix_print_jobs_due", "print_jobs", ["state", "next_attempt_at"])
    op.create_index("ix_print_jobs_device_state", "print_jobs", ["device_id", "state"])
    op.create_index(op.f("ix_print_jobs_ticket_id"), "print_jobs", ["ticket_id"])

    op.create_table(
        "printer_states",
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("checked_at", server.kernel.db.base.UTCDateTime(), nullable=True),
        sa.Column("changed_at", server.kernel.db.base.UTCDateTime(), nullable=True),
        sa.Column("agent_seen_at", server.kernel.db.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["center_id"], ["centers.id"], name=op.f("fk_printer_states_center_id_centers")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_printer_states_device_id_devices")
        ),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_printer_states")),
    )
    op.create_index(op.f("ix_printer_states_center_id"), "printer_states", ["center_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_printer_states_center_id"), table_name="printer_states")
    op.drop_table("printer_states")
    op.drop_index(op.f("ix_print_jobs_ticket_id"), table_name="print_jobs")
    op.drop_index("ix_print_jobs_device_state", table_name="print_jobs")
    op.drop_index("ix_print_jobs_due", table_name="print_jobs")
    op.drop_table("print_jobs")
