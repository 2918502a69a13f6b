"""gunicorn settings for every Foyer web process: `gunicorn -c python:foyer_shared.gunicorn_conf`.

Access lines are logged; create_app's configure_logging turns them (and gunicorn's own lines)
into JSON with the request id, like every other log line.
"""

accesslog = "-"
access_log_format = '%(m)s %(U)s %(s)s %(M)sms rid=%({x-request-id}o)s'
graceful_timeout = 10
