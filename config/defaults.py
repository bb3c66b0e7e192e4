"""Defaults: an embedded SQLite database in the instance folder, Chinese UI."""

SECRET_KEY = "fazhi-development-secret-change-me"
#: None means "a SQLite file named fazhi.sqlite3 in the instance folder".
SQLALCHEMY_DATABASE_URI = None
SQLALCHEMY_ENGINE_OPTIONS: dict = {}

BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
FAZHI_LOCALES = ["zh_Hans_CN", "en"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
WTF_CSRF_TIME_LIMIT = None

#: Plugin modules to load; None means every `fazhi.plugins` entry point.
FAZHI_PLUGINS = None
#: The SQLAlchemy safety net under the admin views' own scoping (see docs/architecture.md).
FAZHI_TENANCY_SAFETY_NET = True

#: Login limits (core/auth.py): an account locks for FAZHI_LOGIN_LOCK_MINUTES after
#: FAZHI_LOGIN_MAX_FAILURES failed logins in a row; one address is refused for the rest of the
#: window after FAZHI_LOGIN_ADDRESS_MAX_FAILURES failures in FAZHI_LOGIN_LOCK_MINUTES — generous,
#: since a whole office may share one NAT address, yet a cap on guessing across many accounts.
FAZHI_LOGIN_MAX_FAILURES = 5
FAZHI_LOGIN_LOCK_MINUTES = 15
FAZHI_LOGIN_ADDRESS_MAX_FAILURES = 100

#: Attachments: size limit in bytes and allowed kinds (checked on content).
FAZHI_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
FAZHI_ATTACHMENT_KINDS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "jpg", "png"]
#: None means "<instance>/attachments".
FAZHI_ATTACHMENT_DIR = None

MAX_CONTENT_LENGTH = 25 * 1024 * 1024
FAZHI_PAGE_SIZE = 20
#: Cheaper password hashing for tests only.
FAZHI_PASSWORD_HASH_FAST = False
#: Production sets this: refuse to start with a missing or default secret key.
FAZHI_REQUIRE_REAL_SECRET = False

#: Event bus: attempts before a delivery is dead-lettered, backoff (base × 2^(n-1) s, capped),
#: the lease a worker holds on claimed rows, the batch size and the idle poll interval.
FAZHI_EVENT_MAX_ATTEMPTS = 5
FAZHI_EVENT_RETRY_BASE_SECONDS = 30
FAZHI_EVENT_RETRY_MAX_SECONDS = 3600
FAZHI_EVENT_LEASE_SECONDS = 300
FAZHI_EVENT_BATCH = 100
FAZHI_EVENT_POLL_SECONDS = 2
#: Deliver a request's events right after it commits (False: only the worker delivers).
FAZHI_EVENT_DELIVER_AFTER_REQUEST = True

#: PostgreSQL: deliveries commit without waiting for the WAL flush (a crash re-runs the last few).
FAZHI_EVENT_ASYNC_COMMIT = True
#: PostgreSQL: seconds a delivery right after a request waits for a row lock (then the worker retries).
FAZHI_EVENT_REQUEST_LOCK_TIMEOUT = 5

#: A render worker started on demand exits after this many seconds without work.
FAZHI_CIRCULAR_WORKER_IDLE_EXIT = 600

#: Deadlines: working days ahead a running deadline counts as approaching (core.deadline.approaching).
FAZHI_DEADLINE_WARNING_DAYS = 3
#: Home page: seconds a kept figure may serve before it is counted again even with no write seen
#: (core.dashboard.IndicatorCache: bounds the lag of a PostgreSQL commit that lands out of id order).
FAZHI_DASHBOARD_CACHE_SECONDS = 60
#: Notice numbers, per region and year: fields {region} (short name, 东宝), {kind} (预/督/通/问),
#: {year}, {seq}. "{year}-{seq:04d}" gives 2026-0003.
FAZHI_NOTICE_NUMBER_FORMAT = "{region}{kind}〔{year}〕{seq}号"
#: Tests and demonstrations only: pin "today" (an ISO date) for deadlines, notices and warnings.
FAZHI_TODAY = None

#: Register imports (core.registers): files with more rows than this run in the background,
#: with their progress shown on the import page.
FAZHI_REGISTER_BACKGROUND_ROWS = 200

#: /healthz: the kinds of worker that must be beating (empty: do not check workers), how many
#: seconds without a beat make a worker "silent" (they beat every 10 s), and the outbox lag
#: (age of the oldest undelivered event, seconds) above which the suite is "degraded".
FAZHI_HEALTH_WORKERS = ["events", "circulars", "deadline_scan"]
FAZHI_HEALTH_STALE_SECONDS = 45
FAZHI_HEALTH_OUTBOX_LAG_SECONDS = 300
#: Logs: "text" (a developer's terminal) or "json" (one object a line, with the request id).
FAZHI_LOG_FORMAT = "text"
FAZHI_LOG_LEVEL = "INFO"

#: Where attachments and circular PDFs are stored: "local" (the folders above / the instance
#: folder; one machine) or "database" (the stored_blob table: every app server sees every file).
FAZHI_STORAGE = "local"

#: HTTPS deployments (production): Secure session and remember-me cookies, HSTS (core/security.py).
FAZHI_HTTPS = False
#: Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).
FAZHI_PROXY_COUNT = 0
