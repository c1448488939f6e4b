"""No dead ends: what happens next in each workflow, and who does it.

One table per workflow, state -> ``NextStep`` (what happens next; the permissions of whoever takes that step). A
page asks ``next_step_note`` for the object's state; when the current user's role cannot take the step, the note
says what happens next and which roles can (of which kab/kota), and the page shows it with the include
``cakupan/includes/next_step.html``. A step with no permission is nobody's to take (the end of the workflow, or
Cakupan's own background work), so its note is shown to everyone. ``tests/web/test_web_next_steps.py`` checks
that every state of every workflow has its note in both languages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cakupan.core.access import ROLE_PERMISSIONS, Permission, Role
from cakupan.web.accounts.scope import user_can
from cakupan.web.registry.models import Region

_P = Permission


@dataclass(frozen=True)
class NextStep:
    text: Promise  # the state in a few words, then "Next step: ..."
    permissions: tuple[Permission, ...] = ()  # a role with any of them takes the step; () = nobody's step


@dataclass(frozen=True)
class NextStepNote:
    text: str
    who: str  # the roles that can take the step, and the kab/kota; "" when it is nobody's step


ROLE_NAMES: dict[Role, Promise] = {
    Role.PEMDA_ADMIN: _lazy("Pemda admin (Disnaker/Bappeda)"),
    Role.LICENSING_OFFICER: _lazy("Licensing officer (DPMPTSP)"),
    Role.REGION_OPERATOR: _lazy("Kecamatan/nagari operator"),
    Role.BPJSTK_OFFICER: _lazy("BPJS Ketenagakerjaan officer"),
    Role.VIEWER: _lazy("Monitor/auditor"),
    Role.SYSTEM_ADMIN: _lazy("System admin"),
}

CLAIM = {
    "reported": NextStep(
        _lazy(
            "The event is reported. Next step: the documents on the checklist are collected and ticked; when "
            "all are in, the claim is marked documents complete."
        ),
        (_P.REPORT_EVENTS,),
    ),
    "documents_complete": NextStep(
        _lazy(
            "The documents are complete. Next step: the claim is submitted to BPJSTK; you will see its status "
            "change here."
        ),
        (_P.PROCESS_CLAIMS,),
    ),
    "submitted": NextStep(
        _lazy(
            "This claim has been submitted to BPJSTK. Next step: the BPJS Ketenagakerjaan officer records the "
            "decision and the payment; you will see its status change here."
        ),
        (_P.PROCESS_CLAIMS,),
    ),
    "paid": NextStep(
        _lazy(
            "The claim is paid. What remains: the children's scholarships, recorded year by year while they "
            "are at school."
        ),
        (_P.PROCESS_CLAIMS,),
    ),
    "rejected": NextStep(
        _lazy(
            "BPJSTK rejected the claim (the reason is in the history). There is no next step in Cakupan; to "
            "contest the decision, the family or the Pemda turns to the BPJS Ketenagakerjaan branch."
        )
    ),
    "withdrawn": NextStep(
        _lazy(
            "The report was withdrawn (the reason is in the history). There is no next step; if the event did "
            "happen after all, report it again."
        )
    ),
}

BATCH = {
    "draft": NextStep(
        _lazy("The batch is a draft. Next step: workers are added or removed, then the batch is verified."),
        (_P.PLAN_ENROLMENT,),
    ),
    "verified": NextStep(
        _lazy(
            "The batch is verified. Next step: another Pemda admin, not the one who made or verified it, "
            "approves it (maker-checker)."
        ),
        (_P.APPROVE_ENROLMENT,),
    ),
    "approved": NextStep(
        _lazy(
            "The batch is approved. Next step: the registration file is downloaded and sent to BPJS "
            "Ketenagakerjaan for collective registration."
        ),
        (_P.RECONCILE_ENROLMENT,),
    ),
    "exported": NextStep(
        _lazy(
            "The registration file has gone to BPJS Ketenagakerjaan. Next step: BPJSTK's answer (KPJ numbers "
            "and rejections) is uploaded here; you will see each worker's status change."
        ),
        (_P.RECONCILE_ENROLMENT,),
    ),
    "reconciled": NextStep(
        _lazy(
            "BPJSTK's answer is recorded (each worker's KPJ or rejection is below). What remains: before the "
            "cover ends, the accepted workers are renewed in a new batch."
        ),
        (_P.PLAN_ENROLMENT,),
    ),
    "cancelled": NextStep(
        _lazy(
            "The batch was cancelled (the reason is in the history). There is no next step; its workers can "
            "be put in a new batch."
        )
    ),
}

# An employer's warning-letter case (cakupan.compliance.sanctions): "none" before the first letter; a letter is
# open (its deadline runs), overdue (the deadline passed), followed (a later letter was sent) or closed.
LETTER = {
    "none": NextStep(
        _lazy(
            "No letter is open for this employer. Next step, when it has a finding: a first written warning "
            "(SP1) under PP 86/2013."
        ),
        (_P.ISSUE_LETTERS,),
    ),
    "open": NextStep(
        _lazy(
            "A letter has been sent and its deadline runs. Next step: if the employer still does not comply "
            "after the deadline, the next letter of PP 86/2013 is sent; if it complies, the case is closed."
        ),
        (_P.ISSUE_LETTERS,),
    ),
    "overdue": NextStep(
        _lazy(
            "The deadline of the last letter has passed. Next step: the next letter of PP 86/2013 is sent, or "
            "the case is closed if the employer now complies."
        ),
        (_P.ISSUE_LETTERS,),
    ),
    "followed": NextStep(
        _lazy("A later letter of the same case has been sent. Next step: see the employer's case."),
        (_P.ISSUE_LETTERS,),
    ),
    "closed": NextStep(
        _lazy("The case is closed (see its outcome). There is no next step; a new finding opens a new case.")
    ),
}

ACTION = {
    "open": NextStep(
        _lazy(
            "Open. Next step: its owner carries it out and a Pemda admin records its progress here; it is "
            "reported at the next Rapat Kepatuhan."
        ),
        (_P.MANAGE_COMPLIANCE,),
    ),
    "in_progress": NextStep(
        _lazy(
            "Under way. Next step: a Pemda admin records it done (or dropped, with a reason); it is reported "
            "at the next Rapat Kepatuhan."
        ),
        (_P.MANAGE_COMPLIANCE,),
    ),
    "done": NextStep(_lazy("Done; reported at the next Rapat Kepatuhan. There is no next step.")),
    "dropped": NextStep(
        _lazy(
            "Dropped (the reason is in its note); reported at the next Rapat Kepatuhan. There is no next step."
        )
    ),
}

# A regional obligation of the Pemda (cakupan.compliance.obligations), as recorded with its evidence.
OBLIGATION = {
    "belum": NextStep(
        _lazy(
            "Not met yet. Next step: the Pemda meets it (a regulation, a budget line) and a Pemda admin records "
            "it here with its evidence."
        ),
        (_P.MANAGE_COMPLIANCE,),
    ),
    "sebagian": NextStep(
        _lazy("Partly met. Next step: the Pemda completes it and a Pemda admin records the evidence here."),
        (_P.MANAGE_COMPLIANCE,),
    ),
    "terpenuhi": NextStep(
        _lazy(
            "Met, with its evidence. There is no next step; a Pemda admin updates it when the evidence changes."
        ),
        (_P.MANAGE_COMPLIANCE,),
    ),
}

IMPORT = {
    "queued": NextStep(
        _lazy("The file waits for Cakupan's background worker, which checks it; this page updates by itself.")
    ),
    "validating": NextStep(_lazy("Cakupan is checking the file; this page updates by itself.")),
    "needs_mapping": NextStep(
        _lazy("Some columns are not recognised. Next step: they are mapped to Cakupan's columns."),
        (_P.IMPORT_DATA,),
    ),
    "ready": NextStep(
        _lazy("The file is checked. Next step: its valid rows are saved, or the import is cancelled."),
        (_P.IMPORT_DATA,),
    ),
    "committing": NextStep(
        _lazy("Cakupan is saving the valid rows, all together or none; this page updates by itself.")
    ),
    "committed": NextStep(
        _lazy("The rows are saved and the coverage figures recomputed. There is no next step.")
    ),
    "cancelled": NextStep(
        _lazy("Nothing was changed. Next step, if the data is needed: upload the file again.")
    ),
    "failed": NextStep(
        _lazy("Nothing was changed. Next step: correct the file as explained and upload it again.")
    ),
}

LINK = {
    "auto_linked": NextStep(
        _lazy("Linked automatically (the same NIK). Next step: a reviewer undoes the link if it is wrong."),
        (_P.REVIEW_LINKS,),
    ),
    "pending": NextStep(
        _lazy(
            "This pair waits for review. Next step: a reviewer confirms the link, dismisses it, or merges the "
            "two records."
        ),
        (_P.REVIEW_LINKS,),
    ),
    "confirmed": NextStep(_lazy("The link is confirmed. There is no next step.")),
    "dismissed": NextStep(_lazy("The pair was dismissed: they are different people. There is no next step.")),
    "merged": NextStep(_lazy("The two records were merged into one. There is no next step.")),
}

WORKFLOWS: dict[str, dict[str, NextStep]] = {
    "claim": CLAIM,
    "batch": BATCH,
    "letter": LETTER,
    "action": ACTION,
    "obligation": OBLIGATION,
    "import": IMPORT,
    "link": LINK,
}


def roles_taking(step: NextStep) -> list[Role]:
    """The roles whose permissions include one of the step's, in the order of ``Role``."""
    return [role for role in Role if ROLE_PERMISSIONS[role] & set(step.permissions)]


def _office(region_code: str | None) -> str:
    """The kab/kota of ``region_code`` (the office that acts for it), or the province for a province."""
    if not region_code:
        return ""
    found = Region.objects.filter(code=region_code[:5]).values_list("name", flat=True).first()
    return found or ""


def next_step_note(
    *,
    workflow: str,
    state: str,
    user: Any,
    region_code: str | None = None,
    can_act: bool | None = None,
    roles: Sequence[Role] | None = None,
) -> NextStepNote | None:
    """The note for an object of ``workflow`` in ``state``, or None when ``user`` takes the next step themselves.

    ``can_act``: the view's own answer when the role alone does not decide (maker-checker: the maker of a batch
    holds the permission but may not approve it); by default, whether the role has one of the step's permissions.
    ``roles``: who takes this object's step when the view knows better than the permission (a warning letter of a
    step only BPJSTK, or only the Pemda, may send).
    """
    step = WORKFLOWS[workflow][state]
    if can_act is None:
        can_act = any(user_can(user, p) for p in step.permissions)
    if can_act:
        return None
    taking = roles_taking(step) if roles is None else [r for r in roles_taking(step) if r in roles]
    names = _(" or ").join(str(ROLE_NAMES[role]) for role in taking)
    office = _office(region_code)
    if names and office:
        who = _("%(roles)s whose regions include %(office)s") % {"roles": names, "office": office}
    else:
        who = names
    return NextStepNote(text=str(step.text), who=who)
