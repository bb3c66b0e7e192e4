"""notice.plugin_key: a notice knows the plugin it is about by a column, not by a table prefix

Existing notices are filled in: a plugin rule's notice from its rule key ("court.no_appearance"
→ court), a core deadline notice from the plugin of the deadline on the same record.

Revision ID: b7e1c2a9d4f0
Revises: b7d2e91f3c05
Create Date: 2026-11-30 07:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c2a9d4f0'
down_revision = 'b7d2e91f3c05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plugin_key', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_notice_plugin_key'), ['plugin_key'], unique=False)

    bind = op.get_bind()
    notice = sa.table(
        'notice',
        sa.column('id', sa.Integer),
        sa.column('rule_key', sa.String),
        sa.column('subject_type', sa.String),
        sa.column('subject_id', sa.Integer),
        sa.column('plugin_key', sa.String),
    )
    deadline = sa.table(
        'deadline',
        sa.column('plugin_key', sa.String),
        sa.column('subject_type', sa.String),
        sa.column('subject_id', sa.Integer),
    )
    owners = {
        (subject_type, subject_id): plugin_key
        for plugin_key, subject_type, subject_id in bind.execute(
            sa.select(deadline.c.plugin_key, deadline.c.subject_type, deadline.c.subject_id)
        )
    }
    rows = bind.execute(sa.select(notice.c.id, notice.c.rule_key, notice.c.subject_type, notice.c.subject_id)).all()
    for notice_id, rule_key, subject_type, subject_id in rows:
        prefix = (rule_key or '').partition('.')[0]
        key = owners.get((subject_type, subject_id)) if prefix in ('', 'core') else prefix
        if key:
            bind.execute(sa.update(notice).where(notice.c.id == notice_id).values(plugin_key=key))


def downgrade():
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_plugin_key'))
        batch_op.drop_column('plugin_key')
