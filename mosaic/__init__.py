"""Mosaic web application: project settings, URLs and the permission policy."""
