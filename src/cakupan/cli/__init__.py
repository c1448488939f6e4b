"""The ``cakupan`` command: everything an operator scripts. Messages in Bahasa Indonesia (CAKUPAN_LANG=en: English).

Every command catches what a user can get wrong and says it in a sentence; no traceback reaches the screen
unless CAKUPAN_DEBUG=1. The group is here; the commands live in one module per concern and the shared helpers
(language, errors, Django set-up) in ``cakupan.cli.common``. Help texts are computed when the modules are
imported, in the language CAKUPAN_LANG names then.
"""

from __future__ import annotations

import click

from cakupan.cli import compliance, coverage, data, facts, link, plan, rules, tokens, web
from cakupan.cli.common import JAKARTA, UserError, friendly_errors, language, say
from cakupan.cli.web import _proxy_options

__all__ = ["JAKARTA", "UserError", "_proxy_options", "friendly_errors", "language", "main", "say"]


@click.group(
    help=say(
        "Cakupan: pemetaan dan pemantauan cakupan jaminan sosial ketenagakerjaan (UCJ). "
        "Basis data dari DATABASE_URL (berkas SQLite atau URL PostgreSQL); bawaan: SQLite di CAKUPAN_DATA_DIR.",
        "Cakupan: mapping and monitoring employment social security coverage (UCJ). "
        "Database from DATABASE_URL (an SQLite file or a PostgreSQL URL); default: SQLite in CAKUPAN_DATA_DIR.",
    )
)
@click.version_option(package_name="cakupan")
def main() -> None:
    pass


for _command in (
    data.migrate,
    data.regions,
    data.synth,
    data.import_,
    link.link,
    coverage.coverage,
    compliance.compliance,
    facts.facts,
    rules.rules,
    plan.plan,
    tokens.token,
    web.serve,
    web.demo,
):
    main.add_command(_command)
