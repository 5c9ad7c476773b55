"""Directory: institutions, domains, faculty profiles and the mentor roles people offer."""
