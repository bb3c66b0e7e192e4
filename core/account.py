"""修改密码: every user changes their own password, under the password rule (`core.passwords`).

The current password is required (a session left open on a shared office PC must not be enough
to take the account over); wrong current passwords count towards the same lock-out as failed
logins (`core.auth`). The change is audited without the hash, and the session is renewed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from core.admin.layout import render_in_layout
from core.auth import audit_account
from core.extensions import db
from core.models import User, utcnow
from core.passwords import MIN_PASSWORD_LENGTH, hash_password, password_problem, verify_password
from core.tenancy import unscoped

bp = Blueprint("account", __name__)


class PasswordChangeForm(FlaskForm):
    """Current password, new password twice (CSRF by Flask-WTF)."""

    current_password = PasswordField(_l("当前密码"), validators=[DataRequired(message=_l("请输入当前密码"))])
    new_password = PasswordField(
        _l("新密码"),
        validators=[DataRequired(message=_l("请输入新密码")), Length(max=256, message=_l("密码太长"))],
    )
    confirm_password = PasswordField(
        _l("再次输入新密码"),
        validators=[EqualTo("new_password", message=_l("两次输入的新密码不一致"))],
    )


def _wrong_current_password(user: User) -> bool:
    """Count a wrong current password like a failed login; True when the account is now locked."""
    user.failed_logins = (user.failed_logins or 0) + 1
    locked = user.failed_logins >= current_app.config["FAZHI_LOGIN_MAX_FAILURES"]
    if locked:
        user.locked_until = utcnow() + timedelta(minutes=current_app.config["FAZHI_LOGIN_LOCK_MINUTES"])
    audit_account("password_change_failed", user)
    return locked


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    """The page, and the change itself on POST."""
    form = PasswordChangeForm()
    if request.method == "POST" and form.validate():
        with unscoped():
            user = db.session.get(User, current_user.id)
            if not verify_password(user.password_hash, form.current_password.data or ""):
                locked = _wrong_current_password(user)
                db.session.commit()
                if locked:
                    logout_user()
                    session.clear()
                    flash(_("当前密码多次输入错误，账号已锁定，请稍后重新登录。"), "error")
                    return redirect(url_for("auth.login"))
                form.current_password.errors = [_("当前密码不正确")]
            else:
                new = form.new_password.data or ""
                problem = password_problem(new)
                if problem is None and verify_password(user.password_hash, new):
                    problem = _("新密码不能与当前密码相同")
                if problem:
                    form.new_password.errors = [problem]
                else:
                    user.password_hash = hash_password(new)
                    user.failed_logins = 0
                    audit_account("password_changed", user)
                    db.session.commit()
                    session.clear()  # a new session id after the change
                    login_user(user)
                    flash(_("密码已修改。"), "success")
                    return redirect(url_for("admin.index"))
    return render_in_layout("fazhi/account/password.html", form=form, min_length=MIN_PASSWORD_LENGTH)
