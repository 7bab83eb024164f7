#!/usr/bin/env python3
"""datasketch's MinHashLSH.query beside `neardup serve`'s POST /v1/check: the same documents indexed, the same
queries (bench/serve-load.py's: ~500-word articles made of two indexed documents, every third a shuffle), one
query at a time as a user's service would call it.

  bench/peers/lsh-query.py --jsonl /tmp/syn50k/corpus.jsonl --docs 50000 [--redis] [--queries 2000]

Runs in the peers' venv (bench/peers/run.sh makes it; `redis` is added for --redis). datasketch's figures are the
MinHash of the query (128 permutations, word 4-gram shingles, as bench/peers/peers.py) plus `query`, which returns
keys only; NearDup's are HTTP round trips over loopback that return the verdict, the matches and their evidence.
With --redis, datasketch keeps its tables in a local redis-server (started by the caller, port 6379).
"""
import argparse
import importlib.util
import os
import statistics
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("serveload", os.path.join(here, "..", "serve-load.py"))
serveload = importlib.util.module_from_spec(spec)
spec.loader.exec_module(serveload)
spec = importlib.util.spec_from_file_location("peers", os.path.join(here, "peers.py"))
peers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peers)


def quantiles(values):
    values = sorted(v * 1000 for v in values)
    at = lambda q: round(values[min(len(values) - 1, int(q * len(values)))], 3)
    return {"p50ms": at(0.5), "p99ms": at(0.99), "meanms": round(statistics.mean(values), 3)}


def main():
    import json
    from datasketch import MinHash, MinHashLSH

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jsonl", required=True)
    parser.add_argument("--docs", type=int, default=50000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--redis", action="store_true")
    args = parser.parse_args()
    texts = serveload.read_texts(args.jsonl, limit=args.docs)
    queries = [json.loads(q)["text"] for q in serveload.make_queries(texts, args.queries)]

    def minhash(text):
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in peers.shingles(text, 4)])
        return m

    storage = None
    if args.redis:
        storage = {"type": "redis", "basename": b"neardup-bench", "redis": {"host": "127.0.0.1", "port": 6379}}
    lsh = MinHashLSH(threshold=args.threshold, num_perm=128, storage_config=storage)
    started = time.perf_counter()
    if args.redis:
        with lsh.insertion_session(buffer_size=1000) as session:
            for key, text in texts:
                session.insert(key, minhash(text))
    else:
        for key, text in texts:
            lsh.insert(key, minhash(text))
    build = time.perf_counter() - started
    totals, lookups, found = [], [], 0
    for text in queries:
        t0 = time.perf_counter()
        m = minhash(text)
        t1 = time.perf_counter()
        keys = lsh.query(m)
        t2 = time.perf_counter()
        totals.append(t2 - t0)
        lookups.append(t2 - t1)
        found += bool(keys)
    print(json.dumps({
        "peer": "datasketch MinHashLSH" + (" (redis)" if args.redis else " (in memory)"), "documents": len(texts),
        "buildSeconds": round(build, 1), "queries": len(queries), "queriesWithKeys": found,
        "minhashAndQuery": quantiles(totals), "queryOnly": quantiles(lookups),
        "perSecondOneClient": round(len(queries) / sum(totals)),
    }))
    if args.redis:
        import redis
        redis.Redis(host="127.0.0.1", port=6379).flushdb()


if __name__ == "__main__":
    main()
