"""Cakupan: universal employment social security coverage (UCJ) for Indonesian regional governments."""

__version__ = "0.1.0"
