"""Every query of imports, one module per aggregate; session-bound, never commits."""
