"""Blocks: one person keeps another from reaching them through mentoring — never told to the blocked person."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mentoring.models.requests import now


class Block(models.Model):
    """`blocker` blocked `blocked`: no requests, messages, referrals or recommendations between them.

    Read by the blocker alone: the blocked person, directors and site admins see nothing of it.
    """

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_block_of_oneself"),
        ]
        indexes = [models.Index(fields=["blocked"])]

    def __str__(self):
        return f"Block {self.pk}"
