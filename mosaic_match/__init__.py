"""Mosaic matching engine: gives each protégé a constellation of mentors under capacity and locality
rules."""
