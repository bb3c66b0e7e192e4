"""hookcheck: search index of inspection objects

Revision ID: c3a1d2e4f5b6
Revises: bf2fd8bdd177
"""

from alembic import op

from core.search import create_search_index, drop_search_index

revision = "c3a1d2e4f5b6"
down_revision = "bf2fd8bdd177"
branch_labels = None
depends_on = None


def upgrade():
    create_search_index(op, "hookcheck_inspection_object", ["name", "address"])


def downgrade():
    drop_search_index(op, "hookcheck_inspection_object", ["name", "address"])
