"""Indicator definitions: what a figure means, independent of where the numbers are counted."""
