"""Test settings: CSRF stays on (tests post real tokens), cheap password hashing."""

TESTING = True
SECRET_KEY = "fazhi-test-secret"
FAZHI_PASSWORD_HASH_FAST = True
#: Workers started by a test go away soon after it.
FAZHI_CIRCULAR_WORKER_IDLE_EXIT = 5
