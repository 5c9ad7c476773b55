"""Programs: cohorts, batch matching and the adapter between the database and the matching engine."""
