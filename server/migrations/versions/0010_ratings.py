"""ratings: one row per citizen's rating of a visit (unique per ticket, never edited)

Revision ID: 0010
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

import server.kernel.db.base
from server.ratings.models import no_update_ddl

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("at", server.kernel.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["center_id"], ["centers.id"],
                                name=op.f("fk_ratings_center_id_centers")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name=op.f("fk_ratings_ticket_id_tickets")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"],
                                name=op.f("fk_ratings_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(["officer_id"], ["staff.id"],
                                name=op.f("fk_ratings_officer_id_staff")),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"],
                                name=op.f("fk_ratings_counter_id_counters")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"],
                                name=op.f("fk_ratings_service_id_services")),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"],
                                name=op.f("fk_ratings_device_id_devices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_ratings_ticket_id")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_ratings_dossier_id")),
    )
    op.create_index("ix_ratings_center_at", "ratings", ["center_id", "at"])
    op.create_index("ix_ratings_counter_at", "ratings", ["counter_id", "at"])
    op.create_index(op.f("ix_ratings_officer_id"), "ratings", ["officer_id"])
    for statement in no_update_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("ratings")
