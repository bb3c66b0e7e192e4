"""admin_review: an obstacle that held the application period up (行政复议法 art 20 ¶2)

Revision ID: 8c1f4a7e2d63
Revises: 5d2b8e41c7a9
Create Date: 2026-11-30 10:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c1f4a7e2d63'
down_revision = '5d2b8e41c7a9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('admin_review_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('obstacle_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('obstacle_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('obstacle_reason', sa.String(length=255), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('admin_review_case', schema=None) as batch_op:
        batch_op.drop_column('obstacle_reason')
        batch_op.drop_column('obstacle_until')
        batch_op.drop_column('obstacle_from')
