"""The county data contract: schema, typed rows, loading, validation and distances."""

from scheduler.data.instance import Instance
from scheduler.data.load import load_instance

__all__ = ["Instance", "load_instance"]
