"""Test settings: CSRF stays on (tests post real tokens), cheap password hashing."""

TESTING = True
SECRET_KEY = "fazhi-test-secret"
FAZHI_PASSWORD_HASH_FAST = True
#: The 行政复议 demo makes some hundreds of cases a year per county; tests that load the demo of
#: every plugin need only a few (plugins/admin_review/tests checks the full scale once).
FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR = 15
#: Workers started by a test go away soon after it.
FAZHI_CIRCULAR_WORKER_IDLE_EXIT = 5
FAZHI_LOG_LEVEL = "WARNING"
