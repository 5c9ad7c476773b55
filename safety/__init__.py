"""Confidential escalation: reports only the reporter's ombudspersons read, and their audit trail."""
