"""Gunicorn settings for `make serve-prod`, read from the environment.

Threaded workers (gthread): each worker process runs several threads, so a request
waiting on PostgreSQL does not hold a whole process. Every thread keeps its own
persistent database connection (CONN_MAX_AGE), so PostgreSQL sees up to
workers × threads connections per machine.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Each worker holds at most this many connections, its threads by default, and closes each
# connection after its response (keepalive 0 below). Clients that open many keep-alive connections
# at once (a proxy's pool, a load tester) were otherwise all accepted by whichever worker was idle
# at that moment, and shared its one interpreter lock while the other workers waited: measured, up
# to all 16 of 16 connections on one worker of five. Now every request goes to a worker with a
# free thread. Keep-alive with browsers is the proxy's job (ops/nginx/makerspaces.conf).
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", str(threads)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
# Recycle workers now and then so a slow leak never grows without bound; the jitter keeps
# them from restarting all at once. Sized for the request rate: at 2,000 requests/s spread over
# the workers, each restarts every few minutes, not every few seconds (5,000 restarted them every
# 12-18 s, each restart a cold worker).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "20000"))
# Addresses whose X-Forwarded-* headers gunicorn believes (the load balancer's).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# "-" logs each request to stdout; an empty value turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
wsgi_app = "core.wsgi:application"

# The benchmark (bench/run.py) counts each worker's requests: with GUNICORN_REQUEST_COUNTS set to a
# folder, every worker writes its count there (a file named after its pid) every 20 requests.
REQUEST_COUNTS = os.environ.get("GUNICORN_REQUEST_COUNTS", "")
if REQUEST_COUNTS:

    def post_request(worker, req, environ, resp):
        worker.bench_requests = getattr(worker, "bench_requests", 0) + 1
        if worker.bench_requests % 20 == 0:
            with open(os.path.join(REQUEST_COUNTS, str(worker.pid)), "w") as counts:
                counts.write(str(worker.bench_requests))
