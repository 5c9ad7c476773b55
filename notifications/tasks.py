"""Background work: the daily digest, queued by `manage.py send_digests` and run by `manage.py db_worker`."""
from django_tasks import task

from notifications.services import digest_send


@task(queue_name="default")
def send_digests() -> int:
    return digest_send()
