"""Login, logout and language choice; lock-out after repeated failures."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from core.audit import record_event
from core.extensions import db, login_manager
from core.models import LoginAttempt, User, utcnow
from core.passwords import verify_password
from core.tenancy import unscoped

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    with unscoped():
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def _recent_failures_from(addr: str) -> int:
    window = utcnow() - timedelta(minutes=current_app.config["FAZHI_LOGIN_LOCK_MINUTES"])
    return db.session.execute(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.remote_addr == addr, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= window)
    ).scalar_one()


def audit_account(action: str, user: User) -> None:
    """Record an act of `user` on their own account (login, logout, password_changed…)."""
    record_event(
        action,
        user=user,
        region_id=user.region_id,
        subject_type="user_account",
        subject_id=user.id,
        summary=str(user),
    )


def _is_locked(user: User) -> bool:
    locked_until = user.locked_until
    if locked_until is None:
        return False
    if locked_until.tzinfo is None:  # SQLite returns naive datetimes
        from datetime import UTC

        locked_until = locked_until.replace(tzinfo=UTC)
    return locked_until > utcnow()


def authenticate(username: str, password: str, remote_addr: str) -> tuple[User | None, str | None]:
    """Check a login; returns (user, None) or (None, a message for the user). Commits the attempt."""
    max_failures = current_app.config["FAZHI_LOGIN_MAX_FAILURES"]
    lock_minutes = current_app.config["FAZHI_LOGIN_LOCK_MINUTES"]
    with unscoped():
        # Per address too, so guessing across many usernames is throttled; generous, because a
        # whole county office may reach us through one NAT address (docs/architecture.md, "Security").
        if _recent_failures_from(remote_addr) >= current_app.config["FAZHI_LOGIN_ADDRESS_MAX_FAILURES"]:
            return None, _("该地址登录失败次数过多，请 %(m)d 分钟后再试。", m=lock_minutes)
        user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is not None and _is_locked(user):
            db.session.add(LoginAttempt(username=username, remote_addr=remote_addr, succeeded=False))
            db.session.commit()
            return None, _("该账号因多次登录失败已被锁定，请 %(m)d 分钟后再试。", m=lock_minutes)
        ok = user is not None and user.active and verify_password(user.password_hash, password)
        db.session.add(LoginAttempt(username=username[:64], remote_addr=remote_addr, succeeded=ok))
        if not ok:
            if user is not None:
                user.failed_logins = (user.failed_logins or 0) + 1
                if user.failed_logins >= max_failures:
                    user.locked_until = utcnow() + timedelta(minutes=lock_minutes)
            record_event(
                "login_failed",
                user=None,
                subject_type="user_account",
                subject_id=username[:64],
                summary=username[:64],
                region_id=user.region_id if user else None,
            )
            db.session.commit()
            return None, _("用户名或密码错误。")
        user.failed_logins = 0
        user.locked_until = None
        audit_account("login", user)
        db.session.commit()
        return user, None


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    """The login page (Chinese by default)."""
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    error = None
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        password = request.form.get("password") or ""
        if not username or not password:
            error = _("请输入用户名和密码。")
        else:
            user, error = authenticate(username, password, request.remote_addr or "")
            if user is not None:
                session.clear()  # a fresh session id at login prevents fixation
                login_user(user)
                target = request.args.get("next") or ""
                # Only local paths: an open redirect would help phishing.
                if not target.startswith("/") or target.startswith("//"):
                    target = url_for("admin.index")
                return redirect(target)
    return render_template("fazhi/login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    """Log out (POST with the CSRF token, so a link on another site cannot log anyone out)."""
    audit_account("logout", current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def language():  # type: ignore[no-untyped-def]
    """Switch the UI language; remembered on the user when logged in."""
    chosen = request.form.get("locale", "")
    if chosen not in current_app.config["FAZHI_LOCALES"]:
        flash(_("不支持的语言。"), "error")
    else:
        session["locale"] = chosen
        if current_user.is_authenticated:
            with unscoped():
                current_user.locale = chosen
                db.session.commit()
    return redirect(
        request.referrer if (request.referrer or "").startswith(request.host_url) else url_for("admin.index")
    )


def init_auth(app: Flask) -> None:
    """Register the login blueprint and the login manager's settings."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)

    @app.route("/")
    def _root():  # type: ignore[no-untyped-def]
        return redirect(url_for("admin.index"))

    @app.route("/favicon.ico", endpoint="favicon")
    def _favicon():  # type: ignore[no-untyped-def]
        # Browsers ask for it on every page; a local icon, never a 404 in the console.
        return send_from_directory(app.static_folder or "static", "favicon.ico", mimetype="image/vnd.microsoft.icon")
