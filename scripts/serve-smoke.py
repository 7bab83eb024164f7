#!/usr/bin/env python3
"""Starts the release `neardup serve` on a free loopback port, stores four seeds, asks about the fifth and checks the
answer (003 is a reprint of 004, with matched paragraphs; none of the other outlets' stories is a match), then stops
it with SIGTERM and expects exit 0. Used by .ci/run; needs only the Python standard library."""
import json, os, signal, subprocess, sys, tempfile, time, urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(root, ".build", "release", "neardup")
seeds = os.path.join(root, "corpora", "seeds")
state = tempfile.mkdtemp(prefix="neardup-serve-smoke-")
server = subprocess.Popen([binary, "serve", "--state", state, "--listen", "127.0.0.1:0"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
line = server.stdout.readline()
if "listening on http://" not in line:
    sys.exit(f"serve-smoke: unexpected first line: {line!r}")
base = line.strip().rsplit(" ", 1)[-1]


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


deadline = time.time() + 60
while call("GET", "/readyz")[0] != 200:
    if time.time() > deadline:
        sys.exit("serve-smoke: not ready after 60 s")
    time.sleep(0.1)
texts = {name[:-4]: open(os.path.join(seeds, name), encoding="utf-8").read()
         for name in sorted(os.listdir(seeds)) if name.endswith(".txt")}
for name, text in texts.items():
    if not name.startswith("003"):
        status, answer = call("POST", "/v1/documents", {"id": name, "text": text})
        assert status == 201, (status, answer)
status, answer = call("POST", "/v1/check", {"text": texts["003_51a1bab3c6050887"]})
assert status == 200, (status, answer)
assert answer["verdict"] == "reprint", answer["verdict"]
assert [m["id"] for m in answer["matches"]] == ["004_9d74470b06875570"], answer["matches"]
assert len(answer["matches"][0]["evidence"]["matches"]) >= 15
status, answer = call("POST", "/v1/check", {"text": " , ; ."})
assert status == 400 and answer["error"]["code"] == "empty", (status, answer)
server.send_signal(signal.SIGTERM)
code = server.wait(timeout=60)
assert code == 0, f"exit status {code}"
print("serve-smoke: 003 is a reprint of 004 with",
      "matched paragraphs; the other outlets are not matches; SIGTERM exits 0")
