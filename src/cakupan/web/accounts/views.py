"""User administration for the system admin: create users, set role and region, reset passwords, deactivate.

An admin manages only users whose regions lie inside the admin's own scope; others answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import PasswordChangeView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.core.access import ROLE_LABELS, Permission, Role, in_scope
from cakupan.web.accounts.forms import AccessForm, NewUserForm
from cakupan.web.accounts.lists import USERS
from cakupan.web.accounts.models import Profile
from cakupan.web.accounts.otp import totp_devices_remove
from cakupan.web.accounts.scope import require, user_scope
from cakupan.web.accounts.services import (
    user_create,
    user_locked_out,
    user_password_changed,
    user_password_failed,
    user_reset_password,
    user_set_access,
    user_set_active,
)
from cakupan.web.lists import list_xlsx, wants_xlsx


@dataclass(frozen=True)
class ManagedUser:
    user: Any
    region_codes: list[str]
    role: str
    role_label: str


def _managed_users(request: HttpRequest) -> list[ManagedUser]:
    """Users with a profile whose every region lies inside the admin's scope."""
    scope = user_scope(request.user)
    profiles = Profile.objects.select_related("user").prefetch_related("regions").order_by("user__username")
    managed = []
    for profile in profiles:
        codes = [r.code for r in profile.regions.all()]
        if codes and all(in_scope(c, scope) for c in codes):
            managed.append(ManagedUser(profile.user, codes, profile.role, ROLE_LABELS[Role(profile.role)]))
    return managed


def _managed_user_or_404(request: HttpRequest, pk: int) -> ManagedUser:
    for managed in _managed_users(request):
        if managed.user.pk == pk:
            return managed
    raise Http404


def user_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_USERS)
    users = _managed_users(request)
    if wants_xlsx(request, USERS):
        return list_xlsx(request, USERS, users)
    return render(request, "accounts/user_list.html", {"users": users})


def user_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_USERS)
    form = NewUserForm(request.POST or None, admin_scope=user_scope(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_create(
            username=data["username"],
            password=data["password"],
            role=Role(data["role"]),
            region_codes=data["regions"],
            by=request.user,
            must_change_password=True,
        )
        messages.success(request, _("User %(name)s is created.") % {"name": data["username"]})
        return redirect("user-list")
    return render(request, "accounts/user_form.html", {"form": form, "title_new": True})


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_USERS)
    managed = _managed_user_or_404(request, pk)
    initial = {"role": managed.role, "regions": ", ".join(managed.region_codes)}
    form = AccessForm(request.POST or None, initial=initial, admin_scope=user_scope(request.user))
    if request.method == "POST" and form.is_valid():
        role, codes = Role(form.cleaned_data["role"]), form.cleaned_data["regions"]
        user_set_access(user=managed.user, role=role, region_codes=codes, by=request.user)
        messages.success(request, _("The access of %(name)s is saved.") % {"name": managed.user.username})
        return redirect("user-list")
    return render(request, "accounts/user_form.html", {"form": form, "edited": managed.user})


@require_POST
def user_reset(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_USERS)
    managed = _managed_user_or_404(request, pk)
    temporary = user_reset_password(user=managed.user, by=request.user)
    return render(request, "accounts/user_reset.html", {"edited": managed.user, "temporary": temporary})


@require_POST
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_USERS)
    managed = _managed_user_or_404(request, pk)
    if managed.user.pk != request.user.pk:
        user_set_active(user=managed.user, active=not managed.user.is_active, by=request.user)
        done = (
            _("%(name)s may log in again.") if managed.user.is_active else _("%(name)s can no longer log in.")
        )
        messages.success(request, done % {"name": managed.user.username})
    return redirect("user-list")


@require_POST
def user_remove_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """A lost phone: the admin removes the user's authenticator app, with a reason (audited)."""
    require(request.user, Permission.MANAGE_USERS)
    managed = _managed_user_or_404(request, pk)
    reason = request.POST.get("alasan", "").strip()[:300]
    if reason:
        totp_devices_remove(user=managed.user, by=request.user, reason=reason)
        messages.success(request, _("The authenticator app is removed."))
    return redirect("user-edit", pk=pk)


class OwnPasswordChangeView(PasswordChangeView):
    """Any logged-in user changes their own password (required after an admin reset)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if user_locked_out(
            user=request.user, request=request
        ):  # locked out by wrong passwords: no more tries
            return _lock_out(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user_password_changed(user=self.request.user)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        """A wrong current password counts as a failed login (audited); the one that reaches the limit logs out."""
        wrong = form.has_error("old_password", "password_incorrect")
        if wrong and user_password_failed(user=self.request.user, request=self.request):
            return _lock_out(self.request)
        return super().form_invalid(form)


def _lock_out(request: HttpRequest) -> HttpResponse:
    """End the session and answer with axes' lockout page (the same as a locked-out login gets)."""
    credentials = {"username": request.user.get_username()}
    logout(request)
    response: HttpResponse = get_lockout_response(request, None, credentials)
    return response
