"""admin_review: application period facts (arts 20, 21) and posting dates (民诉法 art 85 ¶4)

Revision ID: 5d2b8e41c7a9
Revises: 3c6e1d6960c3
Create Date: 2026-11-30 07:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2b8e41c7a9'
down_revision = '3c6e1d6960c3'
branch_labels = None
depends_on = None

COLUMNS = (
    ('known_on', sa.Date(), {}),
    ('right_not_told', sa.Boolean(), {'nullable': False, 'server_default': sa.false()}),
    ('right_known_on', sa.Date(), {}),
    ('real_property', sa.Boolean(), {'nullable': False, 'server_default': sa.false()}),
    ('application_days', sa.Integer(), {}),
    ('supplement_posted_on', sa.Date(), {}),
    ('reply_posted_on', sa.Date(), {}),
)


def upgrade():
    with op.batch_alter_table('admin_review_case', schema=None) as batch_op:
        for name, type_, options in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=options.get('nullable', True),
                                          server_default=options.get('server_default')))


def downgrade():
    with op.batch_alter_table('admin_review_case', schema=None) as batch_op:
        for name, _type, _options in reversed(COLUMNS):
            batch_op.drop_column(name)
