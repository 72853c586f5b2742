"""An editor beside the benchmark: saves a space once a second, or times the first request after a save.

Runs as ``manage.py shell`` in a process of its own, through the ORM, as an editor's shell would:
each save goes through the model signals, the kept counts, the search document and the data version.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

EDITOR = r"""
import json, os, sys, time, urllib.request
from makerspaces.models import Space
space = Space.objects.filter(synthetic=True).order_by("pk").first()
def save(n):
    space.description = f"Edited by the benchmark, {n}."
    space.save()  # an editor's save: signals, counts, search document, data version
if sys.argv[1] == "loop":
    # One save a second for the given number of seconds.
    deadline = time.monotonic() + float(sys.argv[2])
    n = 0
    while time.monotonic() < deadline:
        save(n)
        n += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() % 1.0)))
    print(json.dumps({"saves": n}))
else:
    # The first request after a write, per URL: a warm page, a save, then that page again.
    port, urls = sys.argv[2], json.loads(sys.argv[3])
    def get(path):
        started = time.perf_counter()
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()
        return (time.perf_counter() - started) * 1000
    out = {}
    for name, path in urls.items():
        runs = []
        for n in range(3):
            get(path)
            warm = get(path)
            save(n)
            runs.append((get(path), warm))
        runs.sort()
        out[name] = {"after_write_ms": runs[1][0], "warm_ms": runs[1][1]}
    print(json.dumps(out))
"""


def editor(env, *args):
    """The editor script in a process of its own, as an editor's shell would be; its stdout is a pipe."""
    script = "import sys; sys.argv = [''] + os.environ['BENCH_EDITOR_ARGS'].split('\x1f')\n"
    environment = {**env, "BENCH_EDITOR_ARGS": "\x1f".join(args)}
    return subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", "import os\n" + script + EDITOR],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
