"""Every query of the registry: session-bound collections the use cases ask; they never commit."""

from registry.repository import families, persons

__all__ = ["families", "persons"]
