"""Local stand-ins for the outside world: an SMTP sink and an SMS sink (`make up`, tests)."""
