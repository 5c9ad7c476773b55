"""The mosaic solver: Lagrangian prices with a proven bound, an assignment steered by them, and
its compiled kernels by phase (README.solver.md)."""
