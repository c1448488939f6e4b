"""``cakupan token create`` and ``cakupan token revoke``: a user's API tokens."""

from __future__ import annotations

import click

from cakupan.cli.common import UserError, _require_database, _setup_django, friendly_errors, say


@click.group(
    help=say(
        "Token API: buat atau cabut token milik seorang pengguna.",
        "API tokens: create or revoke a user's token.",
    )
)
def token() -> None:
    pass


@token.command(
    name="create",
    help=say(
        "Buat token API untuk USERNAME; token ditampilkan sekali ini saja dan hanya sidik SHA-256-nya yang disimpan.",
        "Create an API token for USERNAME; it is shown only now and only its SHA-256 is stored.",
    ),
)
@click.argument("username")
@click.option(
    "--name", "token_name", required=True, help=say("Nama token, mis. 'dasbor provinsi'.", "Token name.")
)
@friendly_errors
def token_create(username: str, token_name: str) -> None:
    _setup_django()
    _require_database()
    from django.contrib.auth import get_user_model

    from cakupan.web.api.services import api_token_create

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UserError(say(f"Pengguna {username!r} tidak ada.", f"No user {username!r}."))
    row, raw = api_token_create(user=user, name=token_name)
    click.echo(raw)
    click.echo(
        say(
            f"Token {row.prefix}… untuk {username}: simpan sekarang, tidak dapat ditampilkan lagi.",
            f"Token {row.prefix}… for {username}: store it now, it cannot be shown again.",
        ),
        err=True,
    )


@token.command(
    name="revoke",
    help=say(
        "Cabut token API berdasarkan awalannya (8 karakter).",
        "Revoke an API token by its 8-character prefix.",
    ),
)
@click.argument("prefix")
@friendly_errors
def token_revoke(prefix: str) -> None:
    _setup_django()
    _require_database()
    from cakupan.web.api.models import APIToken
    from cakupan.web.api.services import api_token_revoke

    tokens = list(APIToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
    if len(tokens) != 1:
        raise UserError(
            say(
                f"Tidak ada satu token aktif berawalan {prefix!r}.",
                f"No single active token starts with {prefix!r}.",
            )
        )
    api_token_revoke(token=tokens[0])
    click.echo(say(f"Token {prefix}… dicabut.", f"Token {prefix}… revoked."))
