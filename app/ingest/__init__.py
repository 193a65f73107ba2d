"""Importing a town's own data: one module per input kind, plus shared readers, validation and bookkeeping."""
