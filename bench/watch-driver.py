#!/usr/bin/env python3
"""Drive `neardup watch`: feed files into an inbox at a set rate (rename into place) and measure throughput and the
latency from a file's rename to its "added" event in the reports. Standard library only.

  bench/watch-driver.py --neardup .build/release/neardup --docs DIR [--count 1000] [--rate 100] [--report-interval 0.1]
                        [--state-from STATE]

--rate 0 feeds as fast as possible (throughput). Prints files/s, p50/p90/p99 latency and the daemon's exit status.
"""
import argparse, gzip, json, os, shutil, signal, statistics, subprocess, sys, tempfile, time


def read_events(reports):
    events = []
    for name in sorted(os.listdir(reports)):
        if name.startswith("events-") and name.endswith(".jsonl.gz"):
            try:
                with gzip.open(os.path.join(reports, name), "rt") as handle:
                    events.extend(json.loads(line) for line in handle if line.strip())
            except (EOFError, OSError):
                pass  # never happens with atomic writes; tolerated so a bug shows as missing events, not a crash
    return events


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--neardup", default=".build/release/neardup")
    parser.add_argument("--docs", required=True, help="folder of .txt documents to feed")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0, help="files per second; 0 = as fast as possible")
    parser.add_argument("--report-interval", default="0.1")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--state-from", help="start from a copy of this state folder (an index already holding documents)")
    args = parser.parse_args()

    names = sorted(n for n in os.listdir(args.docs) if n.endswith(".txt"))[: args.count]
    work = tempfile.mkdtemp(prefix="neardup-watch-bench-")
    inbox, state, reports = (os.path.join(work, part) for part in ("inbox", "state", "reports"))
    os.makedirs(inbox)
    if args.state_from:
        shutil.copytree(args.state_from, state, ignore=shutil.ignore_patterns("lock"))
    daemon = subprocess.Popen(
        [args.neardup, "watch", inbox, "--state", state, "--reports", reports,
         "--report-interval", args.report_interval, "--log-level", "warning"],
        stderr=subprocess.DEVNULL)
    try:
        while not os.path.exists(os.path.join(reports, "latest.json.gz")):
            time.sleep(0.05)
        renamed = {}
        start = time.time()
        for index, name in enumerate(names):
            if args.rate > 0:
                delay = start + index / args.rate - time.time()
                if delay > 0:
                    time.sleep(delay)
            temporary = os.path.join(inbox, "." + name + ".tmp")
            shutil.copyfile(os.path.join(args.docs, name), temporary)
            os.rename(temporary, os.path.join(inbox, name))
            renamed[name[:-4]] = time.time()
        fed = time.time()
        seen = {}
        deadline = time.time() + args.timeout
        while len(seen) < len(names) and time.time() < deadline:
            for event in read_events(reports):
                if event.get("type") == "added" and event["document"] in renamed:
                    seen.setdefault(event["document"], event["at"])
            time.sleep(0.1)
        done = max(seen.values()) if seen else time.time()
    finally:
        daemon.send_signal(signal.SIGTERM)
        status = daemon.wait(timeout=120)
    latencies = sorted((seen[doc] - renamed[doc]) * 1000 for doc in seen)
    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")
    print(f"files fed: {len(names)} in {fed - start:.2f} s ({len(names) / max(fed - start, 1e-9):.0f}/s offered)")
    print(f"files reported: {len(seen)}; all in report after {done - start:.2f} s "
          f"({len(seen) / max(done - start, 1e-9):.0f} files/s sustained)")
    print(f"latency rename -> report: p50 {percentile(50):.0f} ms, p90 {percentile(90):.0f} ms, "
          f"p99 {percentile(99):.0f} ms, max {latencies[-1] if latencies else float('nan'):.0f} ms")
    print(f"daemon exit status after SIGTERM: {status}")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if len(seen) == len(names) and status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
