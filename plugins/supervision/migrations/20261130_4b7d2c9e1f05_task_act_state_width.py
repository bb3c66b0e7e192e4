"""supervision: a task act's states as wide as every timeline's (core.models.TimelineStep)

Revision ID: 4b7d2c9e1f05
Revises: 02dc8f2743e5
Create Date: 2026-11-30 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b7d2c9e1f05'
down_revision = '02dc8f2743e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('supervision_task_act', schema=None) as batch_op:
        for column in ('from_state', 'to_state'):
            batch_op.alter_column(column, existing_type=sa.String(length=16), type_=sa.String(length=24),
                                  existing_nullable=False)


def downgrade():
    with op.batch_alter_table('supervision_task_act', schema=None) as batch_op:
        for column in ('from_state', 'to_state'):
            batch_op.alter_column(column, existing_type=sa.String(length=24), type_=sa.String(length=16),
                                  existing_nullable=False)
