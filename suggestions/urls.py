from django.urls import path

from . import views

app_name = "suggestions"

urlpatterns = [
    path("suggest/", views.SuggestView.as_view(), name="suggest"),
    path("suggestions/<slug:reference>/", views.SuggestionStatusView.as_view(), name="status"),
]
