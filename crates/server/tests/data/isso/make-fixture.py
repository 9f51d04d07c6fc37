"""Makes comments.db, the Isso database the import tests read, with the real Isso from
PyPI through its own HTTP API, the way a site's readers made theirs:

    python3 -m venv /tmp/isso && /tmp/isso/bin/pip install isso==0.14.0
    /tmp/isso/bin/python crates/server/tests/data/isso/make-fixture.py

It starts Isso on 127.0.0.1:8093 twice (moderation off, then on for the queue), posts
through /new, edits and deletes with the author's cookie, votes from different
addresses (X-Forwarded-For, Isso trusting 127.0.0.1 as its proxy), and copies the
database here. The import tests (crates/server/tests/import.rs) say what they expect of
it; run again, the ids and texts stay the same, the times do not.
"""

import http.cookiejar
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
PORT = 8093
BASE = f"http://127.0.0.1:{PORT}"


def config(work, moderated):
    path = work / "isso.cfg"
    path.write_text(f"""[general]
dbpath = {work / 'comments.db'}
host = http://localhost/
max-age = 1h
notify = stdout
[moderation]
enabled = {'true' if moderated else 'false'}
[server]
listen = {BASE}/
trusted-proxies = 127.0.0.1
[guard]
enabled = false
require-author = false
require-email = false
""")
    return path


class Isso:
    def __init__(self, work, moderated):
        isso = pathlib.Path(sys.executable).parent / "isso"
        self.process = subprocess.Popen([str(isso), "-c", str(config(work, moderated)), "run"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"{BASE}/config", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.reader = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method, path, body=None, address="10.0.0.1"):
        request = urllib.request.Request(
            BASE + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": address})
        with self.reader.open(request) as answer:
            text = answer.read()
            return json.loads(text) if text else None

    def post(self, uri, **fields):
        fields.setdefault("title", "Artikel")
        return self.call("POST", f"/new?uri={urllib.parse.quote(uri)}", fields)["id"]

    def vote(self, id, up, voters):
        # Isso counts one vote per address (its /24, anonymised) and comment.
        for n in range(voters):
            address = f"10.{1 if up else 2}.{n}.1"
            self.call("POST", f"/id/{id}/{'like' if up else 'dislike'}", address=address)

    def stop(self):
        self.process.terminate()
        self.process.wait()


def main():
    work = pathlib.Path(tempfile.mkdtemp())
    isso = Isso(work, moderated=False)
    a = "/politik/stadtrat-radwege.html"
    first = isso.post(a, author="Müller & Söhne", email="erika@example.org",
                      website="https://example.org/?a=1&b=2",
                      text="Endlich **Radwege** für alle 🚲 – „gut so“.\n\n- sicher\n- schnell")
    reply = isso.post(a, parent=first, author="Jonas <J.>", text="Und wer zahlt das?")
    isso.post(a, parent=reply, author="Erika", text="Das Land, zur Hälfte.")
    isso.vote(first, True, 5)
    isso.vote(first, False, 2)
    isso.vote(reply, False, 1)
    edited = isso.post(a, author="Paul", text="Erster Endwurf")
    isso.call("PUT", f"/id/{edited}", {"text": "Erster Entwurf (korrigiert)", "author": "Paul"})
    gone = isso.post(a, author="Weg", text="Wird gelöscht, hat aber Antworten.")
    isso.post(a, parent=gone, author="Dora", text="Antwort auf Gelöschtes")
    isso.call("DELETE", f"/id/{gone}")
    alone = isso.post(a, author="Allein", text="Wird gelöscht, ohne Antwort.")
    isso.call("DELETE", f"/id/{alone}")
    isso.post("artikel-42", author="Custom", text="Ein Thread mit data-isso-id.")
    isso.post("/sport/derby.html", text="Anonym und <b>fett</b>?")
    isso.stop()

    isso = Isso(work, moderated=True)
    isso.post("/sport/derby.html", author="Neu", text="Wartet in der Moderation.")
    isso.stop()

    shutil.copy(work / "comments.db", HERE / "comments.db")
    shutil.rmtree(work)
    print(f"wrote {HERE / 'comments.db'}")


if __name__ == "__main__":
    main()
