"""How numbers and tables look: house style, formatters, suppression, display tables."""
