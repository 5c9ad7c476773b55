"""Mosaic matching engine: gives each protégé a constellation of mentors under capacity and locality
rules."""

# The mosaic solver stops once its certified gap is at most this: the result is then within 0.5% of
# the optimum (the command line and the benchmark use it too).
DEFAULT_GAP = 0.005
