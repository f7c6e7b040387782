"""Local development: debug on, a fixed throwaway secret key."""

from .base import *

DEBUG = True
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from the finders; production runs collectstatic instead.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
