"""The one spelling of an e-mail address that Mosaic stores, compares and signs in with."""
from collections import defaultdict
from collections.abc import Iterable


def normalize_email(value: str) -> str:
    """Strip and lower-case the whole address.

    Mail systems treat the local part case-insensitively in practice, and two accounts that differ
    only in case would make every sign-in for that address ambiguous.
    """
    return (value or "").strip().lower()


def case_clashes(emails: Iterable[str]) -> dict[str, list[str]]:
    """Addresses that become the same once normalised, keyed by that normal form (sorted)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for email in emails:
        groups[normalize_email(email)].add(email)
    return {key: sorted(found) for key, found in sorted(groups.items()) if len(found) > 1}
