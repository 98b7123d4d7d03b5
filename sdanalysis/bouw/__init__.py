"""The build: raw exports -> processed tables. The only code that parses text."""
