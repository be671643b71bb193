from django import forms


class ConsentConfirmForm(forms.Form):
    """The confirmation page's button: confirming takes a POST, never a GET,
    because mail scanners open links."""


class UnsubscribeForm(forms.Form):
    """The unsubscribe page's button, or a one-click POST (RFC 8058)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # RFC 8058: the mail client posts "List-Unsubscribe=One-Click".
        self.fields["List-Unsubscribe"] = forms.CharField(required=False, max_length=20)

    def is_one_click(self) -> bool:
        return self.cleaned_data.get("List-Unsubscribe") == "One-Click"
