"""court: what a ruling decides (行诉解释 art 101); a late court notice's criticism decision (规定 art 5)

Revision ID: 9a1c2e7b5d40
Revises: 6f70b9f18f4b
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a1c2e7b5d40'
down_revision = '6f70b9f18f4b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('court_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ruling_matter', sa.String(length=16), nullable=True))
    with op.batch_alter_table('court_hearing', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('late_notice_criticism', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table('court_hearing', schema=None) as batch_op:
        batch_op.drop_column('late_notice_criticism')
    with op.batch_alter_table('court_case', schema=None) as batch_op:
        batch_op.drop_column('ruling_matter')
