"""Foyer's common mechanics, shared by every service; payloads belong to the services."""
