"""The independent checker: re-reads an instance and a written plan, never imports ortools."""
