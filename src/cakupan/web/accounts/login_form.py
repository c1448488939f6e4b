"""The login form: Django's, with the user name's length actually checked.

Django's AuthenticationForm only sets ``maxlength`` on the input; a longer name typed by hand went on to
``authenticate()``, and django-axes then failed to store the failed attempt (its column holds 255 characters:
a server error on PostgreSQL). A name longer than any user's is refused by the form, before anyone looks it up.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = self.username_field.max_length or 254  # as AuthenticationForm sets the input's maxlength
        self.fields["username"].validators.append(MaxLengthValidator(limit))
