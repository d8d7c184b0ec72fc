"""Authoring the kit: exercises from solutions, the lesson catalog, executing notebooks, releases, new lessons."""
