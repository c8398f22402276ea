"""audit log (append-only); services get a colour and options

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

import server.kernel.db.base
from server.kernel.audit import append_only_ddl

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", server.kernel.db.base.UTCDateTime(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=True),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["center_id"], ["centers.id"],
                                name=op.f("fk_audit_log_center_id_centers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index(op.f("ix_audit_log_center_id"), "audit_log", ["center_id"])
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"])
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("color", sa.String(length=16), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("options", sa.JSON(), nullable=False, server_default="{}"))
    for statement in append_only_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("services") as batch:
        batch.drop_column("options")
        batch.drop_column("color")
    op.drop_table("audit_log")
