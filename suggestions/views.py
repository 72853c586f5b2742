"""The readers' pages: the suggestion form and a suggestion's status. Neither is ever kept by a shared cache."""

from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views.generic import DetailView, FormView

from makerspaces import cache

from . import abuse
from .forms import SuggestionForm
from .models import SUBJECTS, Suggestion, fingerprint


class PersonalPageMixin:
    @classmethod
    def as_view(cls, **initkwargs):
        return cache.personal_page(super().as_view(**initkwargs))


class SuggestView(PersonalPageMixin, FormView):
    """ "Something wrong or out of date?" for a record (?space=<slug>, ...), or "Suggest a new space" without one."""

    form_class = SuggestionForm
    template_name = "suggestions/suggest.html"
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        named = [name for name in SUBJECTS if name in request.GET]
        if len(named) > 1:
            return HttpResponseBadRequest(gettext("Name one record to correct, not several."))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def subject(self):
        for name, model in SUBJECTS.items():
            if name in self.request.GET:
                slug = self.request.GET[name]
                if "\x00" in slug or len(slug) > 200:
                    raise Http404
                return get_object_or_404(model, slug=slug)
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "subject": self.subject}

    def post(self, request, *args, **kwargs):
        if abuse.over_rate_limit(request):
            return TemplateResponse(request, "suggestions/rate_limited.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        suggestion = form.save(commit=False)
        key = fingerprint(suggestion.kind, self.subject, suggestion.correct_value)
        with transaction.atomic():
            same = Suggestion.objects.select_for_update().same_as(key)
            if same is not None:
                Suggestion.objects.filter(pk=same.pk).update(reports=F("reports") + 1, last_reported_at=timezone.now())
                suggestion = same
            else:
                suggestion.fingerprint = key
                suggestion.save()
        return redirect(suggestion)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class SuggestionStatusView(PersonalPageMixin, DetailView):
    """A suggestion's status (received, accepted, declined with the reason), found by its reference."""

    queryset = Suggestion.objects.with_subjects()
    slug_field = "reference"
    slug_url_kwarg = "reference"
    template_name = "suggestions/status.html"
    context_object_name = "suggestion"
