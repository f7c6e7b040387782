"""Local development: debug on, a fixed throwaway secret key."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside a developer's machine
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from the finders; production runs collectstatic instead.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
