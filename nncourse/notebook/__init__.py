"""Reading submissions (fast, defensive, no nbformat) and writing generated notebooks."""
