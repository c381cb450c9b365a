"""Dauys: a free, self-hostable civic platform."""

__version__ = "0.1.0"
