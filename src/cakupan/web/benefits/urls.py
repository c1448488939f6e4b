"""Claim pages under /manfaat/ (benefits that reach families)."""

from django.urls import path

from cakupan.web.benefits import impact_views, views

app_name = "benefits"

urlpatterns = [
    path("", views.claims_index, name="index"),
    path("lapor/", views.claim_report_view, name="report"),
    path("klaim/<int:pk>/", views.claim_detail, name="claim"),
    path("klaim/<int:pk>/dokumen/", views.claim_documents, name="claim-documents"),
    path("klaim/<int:pk>/hitung-ulang/", views.claim_reassess, name="claim-reassess"),
    path("klaim/<int:pk>/<str:action>/", views.claim_action, name="claim-action"),
    path("ahli-waris/<int:pk>/beasiswa/", views.scholarship_pay, name="scholarship-pay"),
    path("ahli-waris/<int:pk>/berhenti/", views.scholarship_stop_view, name="scholarship-stop"),
    path("dampak/", impact_views.impact, name="impact"),
    path("dampak/xlsx/", impact_views.impact_xlsx, name="impact-xlsx"),
    path("dampak/pdf/", impact_views.impact_pdf, name="impact-pdf"),
]
