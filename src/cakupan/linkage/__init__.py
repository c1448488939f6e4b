"""Probabilistic record linkage (Splink on DuckDB): persons in a file matched to the registry."""
