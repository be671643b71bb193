import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string
from django.utils import translation

from members.models import User
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from invitations or from the coordinator, never from
        # an open sign-up form.
        return False

    def send_mail(self, template_prefix, email, context):
        """Send allauth's mails (verification, password reset, notices)
        through the outbox, in the recipient's language."""
        user = User.objects.filter(email__iexact=email).only("preferred_language").first()
        language = user.preferred_language if user else translation.get_language() or "pl"
        context = {"email": email, "current_site": self._site(), **context}
        with translation.override(language):
            subject = self.format_email_subject(
                render_to_string(f"{template_prefix}_subject.txt", context).strip()
            )
            body = render_to_string(f"{template_prefix}_message.txt", context)
        digest = hashlib.sha256(f"{email}\n{subject}\n{body}".encode()).hexdigest()[:32]
        queue_mail(
            to=email,
            language=language,
            template="notice",
            context={"subject": subject, "body": body},
            category=OutboundMessage.Category.SERVICE,
            dedupe_key=f"account:{template_prefix}:{digest}",
        )

    def _site(self):
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        return get_current_site(allauth_context.request)
