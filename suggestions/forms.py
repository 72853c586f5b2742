"""The readers' suggestion form, with its guards against spam (suggestions/abuse.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import abuse
from .models import NOTE_LENGTH, URL_LENGTH, VALUE_LENGTH, Suggestion

MAX_LINKS = 2

CORRECTION_KINDS = [choice for choice in Suggestion.Kind.choices if choice[0] != Suggestion.Kind.NEW_SPACE]


class SuggestionForm(forms.ModelForm):
    """A correction to ``subject`` (a space, operator, region or figure), or with no subject, a new space."""

    # The honeypot: hidden from people by the style sheet (class "trap"), filled in by robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": -1, "autocomplete": "off"}),
    )
    shown_at = forms.CharField(widget=forms.HiddenInput, max_length=200)

    class Meta:
        model = Suggestion
        fields = ["kind", "correct_value", "source_url", "note", "email"]
        widgets = {
            "kind": forms.RadioSelect,
            "correct_value": forms.Textarea(attrs={"rows": 3, "maxlength": VALUE_LENGTH}),
            "note": forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_LENGTH}),
            "source_url": forms.URLInput(attrs={"maxlength": URL_LENGTH}),
        }
        labels = {
            "kind": _("What is wrong?"),
            "correct_value": _("The correct value"),
            "source_url": _("A link to a source (optional)"),
            "note": _("How do you know? (optional)"),
            "email": _("Your email address (optional)"),
        }
        help_texts = {
            "correct_value": _("For example the new name, the new address, the date it closed or the right figure."),
            "source_url": _("A page that shows the correct value: an article, the space's own site or account."),
            "note": _("Give a source link or a note, or both."),
            "email": _("Only if you would like a reply. It is never published."),
        }

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        self.initial.setdefault("shown_at", abuse.form_stamp())
        if subject is None:
            del self.fields["kind"]
            self.fields["correct_value"].label = _("The space: its name and address")
            self.fields["correct_value"].help_text = _("Its name (in Chinese too, if you know it), city and address.")
        else:
            self.fields["kind"].choices = CORRECTION_KINDS

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This field must stay empty."), code="honeypot")
        return ""

    def clean_shown_at(self):
        elapsed = abuse.seconds_since_stamp(self.cleaned_data.get("shown_at"))
        if elapsed is None:
            raise ValidationError(_("This form has expired: reload the page and fill it in again."), code="stale")
        if abuse.filled_too_fast(elapsed):
            raise ValidationError(
                _("That was faster than anyone can fill in the form: check what you wrote and send it again."),
                code="too_fast",
            )
        return self.cleaned_data["shown_at"]

    def clean(self):
        cleaned_data = super().clean()
        value, note, url = (cleaned_data.get(name) or "" for name in ("correct_value", "note", "source_url"))
        if not url and not note.strip() and "note" not in self.errors and "source_url" not in self.errors:
            self.add_error("note", _("Give a link to a source or a note saying how you know."))
        if abuse.count_links(value, note) > MAX_LINKS:
            raise ValidationError(
                _("Please put at most %(count)d links in the text; give the source in its own field."),
                code="too_many_links",
                params={"count": MAX_LINKS},
            )
        return cleaned_data

    def save(self, commit=True):
        suggestion = super().save(commit=False)
        if self.subject is None:
            suggestion.kind = Suggestion.Kind.NEW_SPACE
        else:
            setattr(suggestion, type(self.subject)._meta.model_name, self.subject)
            suggestion.record_label = str(self.subject)[:300]
        if commit:
            suggestion.save()
        return suggestion
