"""The HTTP API (django-ninja): token authentication, scoped exactly like the user who owns the token."""
