#!/usr/bin/env python3
"""Load benchmark of `neardup serve`, on loopback only, bounded in count and time.

  build: start the server on an empty state, post a JSON Lines corpus as JSON Lines bodies, stop it (SIGTERM: a
         final checkpoint), report documents/s.
  run:   start the server on a built state (time to ready = checkpoint load), then measure
         - POST /v1/check at a fixed offered rate (open loop: latency from each request's scheduled time, so a stall
           is not hidden by the client waiting), p50/p90/p99/max;
         - POST /v1/check closed loop with N concurrent clients: requests/s;
         - POST /v1/documents as JSON Lines bodies of 100 and as single requests (N clients): documents/s;
         and the server's peak RSS.

Queries are ~500-word articles made of two documents of the corpus joined (each query is a reprint of both),
every third one a fresh text (two documents' paragraphs shuffled with a third's), so verification and evidence are
exercised. Clients are processes with threads (http.client, keep-alive); they share the 2 cores with the server,
which the figures include.

  bench/serve-load.py build --jsonl /tmp/syn50k/corpus.jsonl --state /tmp/state50k
  bench/serve-load.py run --jsonl /tmp/syn50k/corpus.jsonl --state /tmp/state50k --rate 200 --seconds 20
"""
import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_server(binary, state, extra=()):
    started = time.time()
    server = subprocess.Popen([binary, "serve", "--state", state, "--listen", "127.0.0.1:0", *extra],
                              stdout=subprocess.PIPE, stderr=open(os.path.join(state + ".serve.log"), "a"),
                              text=True)
    line = server.stdout.readline()
    if "listening on http://" not in line:
        sys.exit(f"unexpected: {line!r}")
    port = int(line.strip().rsplit(":", 1)[1])
    while True:
        try:
            status, _ = request(port, "GET", "/readyz")
            if status == 200:
                break
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit("the server exited")
        time.sleep(0.05)
    return server, port, time.time() - started


def request(port, method, path, body=None, content_type="application/json", connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Content-Type": content_type} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if own:
        connection.close()
    return response.status, data


def peak_rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None


def metric(port, name):
    """A metric's value from GET /metrics (the line without labels)."""
    _, body = request(port, "GET", "/metrics")
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def read_texts(path, limit=None):
    texts = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts.append((str(record["id"]), record["text"]))
            if limit and len(texts) >= limit:
                break
    return texts


def make_queries(texts, count, seed=7):
    rng = random.Random(seed)
    queries = []
    for index in range(count):
        (_, a), (_, b) = rng.sample(texts, 2)
        if index % 3 == 2:
            (_, c) = rng.choice(texts)
            paragraphs = (a + "\n\n" + b + "\n\n" + c).split("\n\n")
            rng.shuffle(paragraphs)
            text = "\n\n".join(paragraphs[: max(2, len(paragraphs) // 2)])
        else:
            text = a + "\n\n" + b
        queries.append(json.dumps({"text": text}).encode())
    return queries


def build(args):
    os.makedirs(args.state, exist_ok=True)
    server, port, _ = start_server(args.neardup, args.state, ["--checkpoint-interval", str(args.checkpoint_interval)])
    started = time.time()
    sent = 0
    lock = threading.Lock()
    batches = []
    with open(args.jsonl, "rb") as source:
        batch = []
        for line in source:
            batch.append(line if line.endswith(b"\n") else line + b"\n")
            if len(batch) == args.batch:
                batches.append(b"".join(batch))
                batch = []
        if batch:
            batches.append(b"".join(batch))
    queue = list(reversed(batches))

    def worker():
        nonlocal sent
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            status, data = request(port, "POST", "/v1/documents", body, "application/x-ndjson", connection)
            if status not in (200, 201):
                sys.exit(f"POST failed: {status} {data[:200]}")
            with lock:
                sent += body.count(b"\n")
                if sent % (args.batch * 50) < args.batch:
                    print(f"  {sent} documents, {sent / (time.time() - started):.0f}/s", flush=True)

    threads = [threading.Thread(target=worker) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    rss = peak_rss_mb(server.pid)
    stop_started = time.time()
    server.send_signal(signal.SIGTERM)
    code = server.wait()
    print(json.dumps({"phase": "build", "documents": sent, "seconds": round(elapsed, 1),
                      "documentsPerSecond": round(sent / elapsed), "peakRssMB": rss,
                      "stopSeconds": round(time.time() - stop_started, 1), "exit": code}))


def open_loop(port, bodies, rate, seconds, workers=32):
    """Requests at `rate`/s for `seconds`; latency from each request's scheduled time."""
    count = int(rate * seconds)
    start = time.perf_counter() + 0.2
    latencies = [None] * count
    statuses = {}
    next_index = [0]
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                index = next_index[0]
                if index >= count:
                    return
                next_index[0] += 1
            scheduled = start + index / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            status, _ = request(port, "POST", "/v1/check", bodies[index % len(bodies)], connection=connection)
            latencies[index] = time.perf_counter() - scheduled
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = sorted(latency * 1000 for latency in latencies if latency is not None)
    quantile = lambda q: round(done[min(len(done) - 1, int(q * len(done)))], 2)
    return {"offered": rate, "requests": len(done), "statuses": statuses, "p50ms": quantile(0.5),
            "p90ms": quantile(0.9), "p99ms": quantile(0.99), "maxms": round(done[-1], 2),
            "meanms": round(statistics.mean(done), 2)}


def closed_loop_process(port, bodies, path, content_type, seconds, threads, results):
    count = [0]
    failures = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(offset):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        index = offset
        while time.perf_counter() < deadline:
            status, _ = request(port, "POST", path, bodies[index % len(bodies)], content_type, connection)
            index += threads
            with lock:
                if status in (200, 201):
                    count[0] += 1
                else:
                    failures[0] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put((count[0], failures[0]))


def closed_loop(port, bodies, path, clients, seconds, content_type="application/json", processes=2):
    """`clients` concurrent connections (threads over `processes` processes) for `seconds`: answers per second."""
    results = multiprocessing.Queue()
    share = [bodies[i::processes] for i in range(processes)]
    workers = [multiprocessing.Process(target=closed_loop_process,
                                       args=(port, share[i], path, content_type, seconds, clients // processes,
                                             results)) for i in range(processes)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    totals = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    done = sum(t[0] for t in totals)
    return {"clients": clients, "seconds": round(elapsed, 1), "answers": done,
            "failures": sum(t[1] for t in totals), "perSecond": round(done / elapsed)}


def run(args):
    texts = read_texts(args.jsonl, limit=args.sample)
    queries = make_queries(texts, args.queries)
    words = statistics.mean(len(json.loads(q)["text"].split()) for q in queries[:200])
    server, port, ready = start_server(args.neardup, args.state, ["--checkpoint-interval", "3600"])
    print(json.dumps({"phase": "ready", "seconds": round(ready, 1), "queryWords": round(words)}), flush=True)
    results = {"readySeconds": round(ready, 1), "queryWords": round(words)}
    # Warm-up, discarded: the first half minute after a large checkpoint is loaded has stalls of tens of ms (the
    # memory the load freed going back, first touches); what follows is the steady state.
    open_loop(port, queries[::-1], args.rate, args.warmup)
    results["checkOpenLoop"] = open_loop(port, queries, args.rate, args.seconds)
    print(json.dumps({"phase": "check at fixed rate", **results["checkOpenLoop"]}), flush=True)
    results["checkClosedLoop"] = closed_loop(port, queries, "/v1/check", args.clients, args.seconds)
    print(json.dumps({"phase": "check, concurrent clients", **results["checkClosedLoop"]}), flush=True)
    rng = random.Random(11)
    if args.fresh:
        # Documents the index does not hold (another generated corpus): new stories and their versions arriving.
        fresh = [json.dumps({"id": f"load-{args.tag}-{i}", "text": text})
                 for i, (_, text) in enumerate(read_texts(args.fresh, limit=args.posts))]
    else:
        fresh = [json.dumps({"id": f"load-{args.tag}-{i}", "text": rng.choice(texts)[1] + f"\n\nload copy {i}"})
                 for i in range(args.posts)]
    bodies = [("\n".join(fresh[i:i + 100]) + "\n").encode() for i in range(0, len(fresh) // 2, 100)]
    lines = closed_loop(port, bodies, "/v1/documents", args.post_clients, args.seconds, "application/x-ndjson")
    lines["documentsPerSecond"] = lines["perSecond"] * 100
    results["postLines100"] = lines
    print(json.dumps({"phase": "POST JSON Lines bodies of 100", **lines}), flush=True)
    singles = [f.encode() for f in fresh[len(fresh) // 2:]]
    batches_before = metric(port, "neardup_ingest_batches_total")
    results["postSingle"] = closed_loop(port, singles, "/v1/documents", args.clients, args.seconds)
    # Group commit: concurrent single posts share batches (one fsync each).
    results["postSingle"]["batches"] = metric(port, "neardup_ingest_batches_total") - batches_before
    print(json.dumps({"phase": "POST single documents", **results["postSingle"]}), flush=True)
    results["peakRssMB"] = peak_rss_mb(server.pid)
    server.send_signal(signal.SIGTERM)
    results["exit"] = server.wait()
    print(json.dumps(results))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--neardup", default=os.path.join(ROOT, ".build/release/neardup"))
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--jsonl", required=True)
    b.add_argument("--state", required=True)
    b.add_argument("--batch", type=int, default=1000)
    b.add_argument("--clients", type=int, default=2)
    b.add_argument("--checkpoint-interval", type=float, default=3600)
    r = sub.add_parser("run")
    r.add_argument("--jsonl", required=True, help="the corpus the state was built from (queries are made of it)")
    r.add_argument("--state", required=True)
    r.add_argument("--sample", type=int, default=50000, help="documents read for queries")
    r.add_argument("--queries", type=int, default=4000)
    r.add_argument("--rate", type=float, default=200)
    r.add_argument("--seconds", type=float, default=15)
    r.add_argument("--clients", type=int, default=16)
    r.add_argument("--post-clients", type=int, default=4)
    r.add_argument("--posts", type=int, default=40000, help="documents available to post (half as bodies of 100)")
    r.add_argument("--tag", default=str(int(time.time())))
    r.add_argument("--warmup", type=float, default=30, help="seconds of checks at --rate before measuring")
    r.add_argument("--fresh", help="JSON Lines of documents not in the index, to post (default: edited copies)")
    args = parser.parse_args()
    build(args) if args.command == "build" else run(args)


if __name__ == "__main__":
    main()
