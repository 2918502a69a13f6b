"""The channels' adapters (SMTP, SMS providers over HTTP) and the sender loop that drives them."""
