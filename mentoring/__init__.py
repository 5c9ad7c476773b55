"""Finding a mentor: deliberate requests, answers with referrals, and the relationships they start."""
