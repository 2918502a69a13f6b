"""The gateway's tests: a package, so pytest names them tests.*, never gateway.* (the app)."""
