"""Test settings: CSRF stays on (tests post real tokens), cheap password hashing."""

TESTING = True
SECRET_KEY = "fazhi-test-secret"
FAZHI_PASSWORD_HASH_FAST = True
