"""circular addressees: the regions a published circular is sent to

Revision ID: 5e1f0c7a2b9d
Revises: b7e1c2a9d4f0
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1f0c7a2b9d'
down_revision = 'b7e1c2a9d4f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('circular_addressee',
    sa.Column('circular_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['circular_id'], ['circular.id'], name=op.f('fk_circular_addressee_circular_id_circular'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_circular_addressee_region_id_region'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('circular_id', 'region_id', name=op.f('pk_circular_addressee'))
    )
    with op.batch_alter_table('circular_addressee', schema=None) as batch_op:
        batch_op.create_index('ix_circular_addressee_region_id', ['region_id'], unique=False)


def downgrade():
    with op.batch_alter_table('circular_addressee', schema=None) as batch_op:
        batch_op.drop_index('ix_circular_addressee_region_id')
    op.drop_table('circular_addressee')
