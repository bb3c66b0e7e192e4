"""stored blobs (the database storage backend)

Revision ID: b7d2e91f3c05
Revises: a41c0e5d2b77
Create Date: 2026-11-30 07:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7d2e91f3c05'
down_revision = 'a41c0e5d2b77'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_blob',
    sa.Column('bucket', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('bucket', 'sha256', name=op.f('pk_stored_blob'))
    )


def downgrade():
    op.drop_table('stored_blob')
