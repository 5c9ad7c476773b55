"""The notification kinds confidential escalation sends: never to the reported person, never with a report's words."""
from notifications import kinds

for _name, _label in [
    ("safety_report_received", "a confidential report reaches you as ombudsperson"),
    ("safety_report_added", "a reporter adds information to a confidential report you handle"),
    ("safety_report_updated", "an ombudsperson answers or moves on your confidential report"),
]:
    kinds.register(_name, _label)
