"""Model names need not be unique across plugins: each plugin's relationships name their own classes.

A relationship written by class name (``Mapped[list[Hearing]]`` or ``"Hearing.id"``) is resolved in
the one registry every plugin shares, so a second plugin's ``Hearing`` would break the first one's
mapping ("Multiple classes found for path"). The plugins' models pass their targets as lambdas,
resolved in their own module. Checked in a fresh interpreter: the probe class must not stay mapped.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = textwrap.dedent(
    """
    import sys, types
    import plugins.admin_review.models
    import plugins.court.models
    from sqlalchemy import ForeignKey
    from sqlalchemy.orm import Mapped, configure_mappers, mapped_column, relationship
    from core.extensions import db

    module = types.ModuleType("plugins.probe.models")
    sys.modules[module.__name__] = module
    names = dict(db=db, Mapped=Mapped, mapped_column=mapped_column, relationship=relationship, ForeignKey=ForeignKey)
    module.__dict__.update(names)
    exec('''
    class Hearing(db.Model):  # the name admin_review's Hearing has
        __tablename__ = "probe_hearing"
        id: Mapped[int] = mapped_column(primary_key=True)

    class EvaluationLine(db.Model):  # and court's
        __tablename__ = "probe_evaluation_line"
        id: Mapped[int] = mapped_column(primary_key=True)
        hearing_id: Mapped[int] = mapped_column(ForeignKey("probe_hearing.id"))
        hearing: Mapped[Hearing] = relationship(lambda: Hearing)
    ''', module.__dict__)
    configure_mappers()
    case = plugins.admin_review.models.AdministrativeReviewCase
    assert case.hearings.property.mapper.class_ is plugins.admin_review.models.Hearing
    assert plugins.court.models.Evaluation.lines.property.mapper.class_ is plugins.court.models.EvaluationLine
    print("ok")
    """
)


def test_a_plugin_may_reuse_another_plugins_model_names():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
