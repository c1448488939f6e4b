"""Compliance pages under /kepatuhan/."""

from django.urls import path

from cakupan.web.compliance import (
    employer_views,
    jakon_views,
    letter_template_views,
    letter_views,
    meeting_views,
    packet_export_views,
    views,
)

app_name = "compliance"

urlpatterns = [
    path("kewajiban/<str:code>/", views.region_obligations, name="obligations"),
    path("pemberi-kerja/<str:code>/", employer_views.employer_compliance, name="employers"),
    path("pemberi-kerja/<str:code>/xlsx/", employer_views.employer_compliance_xlsx, name="employers-xlsx"),
    path("jakon/<str:code>/", jakon_views.jakon_projects, name="jakon"),
    path("jakon/<str:code>/xlsx/", jakon_views.jakon_projects_xlsx, name="jakon-xlsx"),
    path("rapat/", meeting_views.meeting_list, name="meetings"),
    path("rapat/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("rapat/<int:pk>/paket/", meeting_views.meeting_packet, name="meeting-packet"),
    path("rapat/<int:pk>/temuan/", meeting_views.meeting_finding, name="meeting-finding"),
    path("rapat/<int:pk>/tindakan/", meeting_views.meeting_action, name="meeting-action"),
    path("rapat/<int:pk>/xlsx/", packet_export_views.meeting_xlsx, name="meeting-xlsx"),
    path("rapat/<int:pk>/pdf/", packet_export_views.meeting_pdf, name="meeting-pdf"),
    path("tindakan/<int:pk>/status/", meeting_views.action_status, name="action-status"),
    path("surat/", letter_views.letter_register, name="letters"),
    path("surat/pdf/", letter_views.letters_pdf, name="letters-pdf"),
    path("surat/wilayah/<str:code>/terbitkan/", letter_views.letters_issue_due, name="letters-issue-due"),
    path("surat/<int:pk>/", letter_views.letter_detail, name="letter"),
    path("surat/<int:pk>/pdf/", letter_views.letter_pdf, name="letter-pdf"),
    path("surat/pemberi-kerja/<int:pk>/", letter_views.employer_letters, name="employer-letters"),
    path("surat/pemberi-kerja/<int:pk>/tutup/", letter_views.employer_case_close, name="employer-case-close"),
    path("templat-surat/", letter_template_views.letter_template_regions, name="letter-template-regions"),
    path("templat-surat/<str:code>/", letter_template_views.letter_templates, name="letter-templates"),
    path(
        "templat-surat/<str:code>/<str:step>/",
        letter_template_views.letter_template_edit,
        name="letter-template",
    ),
]
