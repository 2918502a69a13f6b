"""Session-bound collections, one module per aggregate (as models/); they never commit."""
