#!/usr/bin/env python3
"""Drive `neardup watch`: feed files into an inbox at a set rate (rename into place) and measure throughput, the
latency from a file's rename to its "added" event in the journal, the time from start-up to the first new file's
event, and the daemon's peak memory. Standard library only.

  bench/watch-driver.py --neardup .build/release/neardup --docs DIR [--count 1000] [--rate 100]
                        [--report-interval 0] [--snapshot-interval 60]
                        [--state-from STATE | --state-jsonl FILE [--state-chunk N] [--keep-state DIR]]

--rate 0 feeds as fast as possible (throughput). --state-jsonl builds the starting index by letting a daemon ingest a
JSON Lines file first (and --keep-state keeps that state folder for later runs with --state-from). Latency is what a
follower sees: the time between the rename and the moment the driver, polling every 20 ms, finds the document's
"added" event in the journal (so it includes --report-interval). Prints files/s, p50/p90/p99 latency, start-up to
the first event, peak RSS and the daemon's exit status.
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, threading, time, zlib


class Journal:
    """Reads the daemon's event journals as they grow: only the bytes after the last complete gzip member are read
    and decompressed on each poll (reading the whole journal each time made a poll cost grow with the run, and the
    measured latencies with it)."""

    def __init__(self, reports):
        self.reports = reports
        self.offsets = {}

    def new_events(self):
        events = []
        names = sorted(os.listdir(self.reports)) if os.path.isdir(self.reports) else []
        for name in names:
            if not (name.startswith("events-") and name.endswith(".jsonl.gz")):
                continue
            with open(os.path.join(self.reports, name), "rb") as handle:
                handle.seek(self.offsets.get(name, 0))
                data = handle.read()
            consumed = 0
            while data:
                inflater = zlib.decompressobj(wbits=31)
                try:
                    text = inflater.decompress(data)
                except zlib.error:
                    break
                if not inflater.eof:
                    break  # a member still being appended: read again next time
                events.extend(json.loads(line) for line in text.decode().splitlines() if line.strip())
                consumed += len(data) - len(inflater.unused_data)
                data = inflater.unused_data
            self.offsets[name] = self.offsets.get(name, 0) + consumed
        return events


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def status(state):
    try:
        with open(os.path.join(state, "status.json")) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def start_daemon(args, inbox, state, reports, checkpoint_interval=None):
    return subprocess.Popen(
        [args.neardup, "watch", inbox, "--state", state, "--reports", reports,
         "--report-interval", args.report_interval, "--snapshot-interval", args.snapshot_interval,
         "--settle", args.settle, "--checkpoint-interval", checkpoint_interval or args.checkpoint_interval,
         "--log-level", "info" if args.daemon_log else "warning", "--fingerprints", args.fingerprints],
        stderr=open(args.daemon_log, "a") if args.daemon_log else subprocess.DEVNULL)


def build_state(args, work, state):
    """Lets a daemon ingest the JSON Lines file, then stops it: the state holds every line as a document. With
    --state-chunk N the file is dropped N lines at a time, each part once the previous one is in (one batch each:
    a batch's working memory grows with the batch)."""
    inbox, reports = os.path.join(work, "build-inbox"), os.path.join(work, "build-reports")
    os.makedirs(inbox)
    started = time.time()
    daemon = start_daemon(args, inbox, state, reports, args.build_checkpoint_interval)
    target, part = 0, 0

    def drop(records):
        nonlocal target, part
        temporary = os.path.join(inbox, f".state-{part:04d}.jsonl.tmp")
        with open(temporary, "wb") as handle:
            handle.writelines(records)
        os.rename(temporary, os.path.join(inbox, f"state-{part:04d}.jsonl"))
        part, target = part + 1, target + len(records)
        while status(state).get("documents", 0) < target and daemon.poll() is None:
            time.sleep(0.2)
        if args.state_chunk:
            print(f"  {target} documents after {time.time() - started:.1f} s, RSS high-water mark "
                  f"{peak_rss_mb(daemon.pid):.0f} MB", flush=True)

    if args.state_chunk:
        records = []
        with open(args.state_jsonl, "rb") as handle:
            for line in handle:
                if line.strip():
                    records.append(line)
                if len(records) == args.state_chunk:
                    drop(records)
                    records = []
        if records:
            drop(records)
    else:  # the whole file at once, copied rather than held here
        with open(args.state_jsonl, "rb") as handle:
            target = sum(1 for line in handle if line.strip())
        shutil.copyfile(args.state_jsonl, os.path.join(inbox, ".state.jsonl.tmp"))
        os.rename(os.path.join(inbox, ".state.jsonl.tmp"), os.path.join(inbox, "state.jsonl"))
        while status(state).get("documents", 0) < target and daemon.poll() is None:
            time.sleep(0.2)
    built = time.time() - started
    rss = peak_rss_mb(daemon.pid)
    daemon.send_signal(signal.SIGTERM)
    daemon.wait(timeout=3600)
    print(f"state built from {target} JSON Lines records in {built:.1f} s; peak RSS while building: {rss:.0f} MB "
          f"(final checkpoint written in {time.time() - started - built:.1f} s)")
    if args.keep_state:
        shutil.copytree(state, args.keep_state, ignore=shutil.ignore_patterns("lock"), dirs_exist_ok=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--neardup", default=".build/release/neardup")
    parser.add_argument("--docs", required=True, help="folder of .txt documents to feed")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0, help="files per second; 0 = as fast as possible")
    parser.add_argument("--report-interval", default="0")
    parser.add_argument("--snapshot-interval", default="60")
    parser.add_argument("--checkpoint-interval", default="60", help="the daemon's --checkpoint-interval")
    parser.add_argument("--settle", default="0.2", help="the daemon's --settle (files found by a scan wait this long)")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--fingerprints", default="memory", choices=["memory", "log"],
                        help="the daemon's --fingerprints (where the live index keeps fingerprints)")
    parser.add_argument("--state-from", help="start from a copy of this state folder (an index already holding documents)")
    parser.add_argument("--state-jsonl", help="build the starting state by ingesting this JSON Lines file first")
    parser.add_argument("--keep-state", help="with --state-jsonl: keep the built state folder here")
    parser.add_argument("--state-chunk", type=int, default=0,
                        help="with --state-jsonl: drop the file this many lines at a time (one batch each)")
    parser.add_argument("--daemon-log", help="append the daemon's log (info level: each batch's index time, each "
                        "checkpoint's) to this file")
    parser.add_argument("--build-checkpoint-interval", default="3600",
                        help="with --state-jsonl: the building daemon's --checkpoint-interval "
                        "(it writes one at the end)")
    args = parser.parse_args()

    names = sorted(n for n in os.listdir(args.docs) if n.endswith(".txt"))[: args.count]
    work = tempfile.mkdtemp(prefix="neardup-watch-bench-")
    inbox, state, reports = (os.path.join(work, part) for part in ("inbox", "state", "reports"))
    os.makedirs(inbox)
    if args.state_from:
        shutil.copytree(args.state_from, state, ignore=shutil.ignore_patterns("lock"))
    elif args.state_jsonl:
        build_state(args, work, state)
    indexed = status(state).get("documents", 0)

    def feed(name):
        temporary = os.path.join(inbox, "." + name + ".tmp")
        shutil.copyfile(os.path.join(args.docs, name), temporary)
        os.rename(temporary, os.path.join(inbox, name))
        return time.time()

    renamed, seen = {}, {}
    stop = threading.Event()

    journal = Journal(reports)

    def watch_journal():
        while not stop.is_set():
            now = time.time()
            for event in journal.new_events():
                # Every document's first event counts: at a low latency the event can be read before `feed`
                # returns and its rename time is stored (the run then waited for the timeout).
                if event.get("type") == "added":
                    seen.setdefault(event["document"], now)
            time.sleep(0.02)

    def wait_for(count, deadline):
        while len(seen) < count and time.time() < deadline:
            time.sleep(0.02)

    # Start-up: the first file is dropped as the daemon starts; its event marks the index ready.
    watcher = threading.Thread(target=watch_journal, daemon=True)
    launched = time.time()
    daemon = start_daemon(args, inbox, state, reports)
    watcher.start()
    rss = float("nan")
    try:
        renamed[names[0][:-4]] = feed(names[0])
        wait_for(1, time.time() + args.timeout)
        ready = seen.get(names[0][:-4], float("nan")) - launched
        start = time.time()
        for index, name in enumerate(names[1:]):
            if args.rate > 0:
                delay = start + index / args.rate - time.time()
                if delay > 0:
                    time.sleep(delay)
            renamed[name[:-4]] = feed(name)
        fed = time.time()
        wait_for(len(names), time.time() + args.timeout)
        done = max(seen.values()) if seen else time.time()
        rss = peak_rss_mb(daemon.pid)
    finally:
        stop.set()
        daemon.send_signal(signal.SIGTERM)
        exit_status = daemon.wait(timeout=300)
    measured_names = set(renamed) - {names[0][:-4]}
    latencies = sorted((seen[doc] - renamed[doc]) * 1000 for doc in seen if doc in measured_names)
    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")
    measured = len(names) - 1
    print(f"index at start: {indexed} documents; start-up to the first new file's event: {ready:.2f} s")
    print(f"files fed: {measured} in {fed - start:.2f} s ({measured / max(fed - start, 1e-9):.0f}/s offered)")
    print(f"files seen in the journal: {len(seen) - 1}; all after {done - start:.2f} s "
          f"({(len(seen) - 1) / max(done - start, 1e-9):.0f} files/s sustained)")
    print(f"latency rename -> event: p50 {percentile(50):.0f} ms, p90 {percentile(90):.0f} ms, "
          f"p99 {percentile(99):.0f} ms, max {latencies[-1] if latencies else float('nan'):.0f} ms")
    print(f"peak RSS: {rss:.0f} MB; daemon exit status after SIGTERM: {exit_status}")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if len(seen) == len(names) and exit_status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
