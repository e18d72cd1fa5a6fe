"""Quality flags: checks of machine translations that tell editors where to look."""
