"""Writing outputs: all at once or not at all, safe to open in Excel."""
