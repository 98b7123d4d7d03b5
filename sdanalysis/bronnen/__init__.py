"""Public sources (Iv3, CBS, gemeente lists) through the same reader and quarantine."""
