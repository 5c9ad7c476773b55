"""What a person has been told in the app, and how they want to be told by e-mail."""
from django.conf import settings
from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "An e-mail for each notification, straight away"
    DIGEST = "digest", "One e-mail a day collecting them"
    NONE = "none", "No e-mail; only here in Mosaic"


class Notification(models.Model):
    """One thing a person was told. Theirs alone: nobody else, staff included, reads it."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text="A path on this site the notification is about.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # How it was to reach the person's inbox, decided when it was made from their preference then.
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="When its own e-mail was queued.")
    digested_at = models.DateTimeField(null=True, blank=True, help_text="When a digest run took it.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_newest"),
            # The header's unread count and the digest's pick stay index lookups as the table grows.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient"], condition=models.Q(delivery="digest", digested_at__isnull=True),
                         name="notification_digest_due"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A person's choice of e-mail; without a row they get an e-mail for each notification."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    muted_kinds = models.JSONField(default=list, blank=True, help_text="Kinds never e-mailed, whatever the delivery.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.delivery}"

    def emails(self, kind: str) -> bool:
        return self.delivery != Delivery.NONE and kind not in self.muted_kinds
