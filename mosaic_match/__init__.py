"""Mosaic matching engine: assigns each protégé a constellation of mentors under capacity and locality rules."""
