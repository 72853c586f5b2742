"""The drill's editor: logs in to the admin through nginx and adds a service every second (DRILL_EDIT_INTERVAL).

Each save is noted with what the editor was told: "saved" (the admin's redirect after a save),
"failed" (an answer from the site that is not a save: our 503 page, a 500), or "no answer" (the
connection broke or nginx could not reach an app server: 502, 504; whether it was saved is not
known to the editor). After each save the editor opens the admin's list of services filtered on
the new one and notes whether its own write is there (read your writes).
"""

import http.cookiejar
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TIMEOUT = 15
# Seconds between saves. Every save moves the data version on, so the cache of every page starts again.
INTERVAL = float(os.environ.get("DRILL_EDIT_INTERVAL", "1"))
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Write:
    slug: str
    started: float
    finished: float
    told: str  # saved | failed | no answer
    status: int | None
    read_own_write: bool | None = None


class Editor:
    def __init__(self, base_url, urls, username, password, run_id):
        self.base_url = base_url.rstrip("/")
        self.urls = urls  # login, service add, service list
        self.username, self.password = username, password
        self.run_id = run_id
        self.writes = []
        self.skipped = 0  # rounds whose add form could not be fetched: nothing was sent
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="editor", daemon=True)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path, data=None):
        """(status, body); status None when no HTTP answer came back."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError, TimeoutError):
            return None, ""

    def token(self, path):
        status, body = self.request(path)
        match = CSRF_FIELD.search(body) if status == 200 else None
        return match.group(1) if match else None

    def log_in(self):
        token = self.token(self.urls["login"])
        if token is None:
            return False
        status, _ = self.request(
            self.urls["login"],
            {"csrfmiddlewaretoken": token, "username": self.username, "password": self.password, "next": "/admin/"},
        )
        return status == 302

    def write(self, number):
        token = self.token(self.urls["add"])
        if token is None:  # logged out (a session lost) or the site not answering: log in again next round
            self.skipped += 1
            self.log_in()
            return
        slug = f"drill-{self.run_id}-{number}"
        started = time.time()
        status, _ = self.request(
            self.urls["add"], {"csrfmiddlewaretoken": token, "name": f"Drill {self.run_id} {number}", "slug": slug}
        )
        if status == 302:
            told = "saved"
        elif status is None or status in (502, 504):
            told = "no answer"
        else:
            told = "failed"
        write = Write(slug, started, time.time(), told, status)
        if told == "saved":
            listed, body = self.request(self.urls["list"] + "?" + urllib.parse.urlencode({"q": slug}))
            write.read_own_write = (slug in body) if listed == 200 else None
        self.writes.append(write)

    def loop(self):
        number = 0
        self.log_in()
        while not self.stop.is_set():
            self.write(number)
            number += 1
            self.stop.wait(INTERVAL)

    def start(self):
        if not self.log_in():
            raise RuntimeError("the drill's editor cannot log in to the admin")
        self.thread.start()

    def finish(self):
        self.stop.set()
        self.thread.join(timeout=60)
