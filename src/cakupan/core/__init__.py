"""The pure domain core: plain typed values, no Django (enforced by import-linter)."""
