"""Accounts: people who sign in, and the staff responsibilities they hold."""
