"""Pure dossier rules: statuses, transitions, deadlines, the working-day calendar."""
