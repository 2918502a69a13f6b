"""gunicorn settings for every Foyer web process: `gunicorn -c python:foyer_shared.gunicorn_conf`.

Access lines are logged; create_app's configure_logging turns them (and gunicorn's own lines)
into JSON with the request id, like every other log line.
"""

accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(M)sms rid=%({x-request-id}o)s"
graceful_timeout = 10
# Idle keep-alive connections (the gateway's pool) are closed after this. The gateway reuses a
# connection only within its own, shorter limit (gateway.http1.MAX_IDLE_SECONDS), so it never
# sends on a connection gunicorn is closing.
keepalive = 5
