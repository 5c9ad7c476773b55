"""Confidential escalation: reports only the ombudspersons for the reporter's institution read, and their audit trail."""
