#!/usr/bin/env python3
"""Runs one near-duplicate method on a corpus and writes doc_id<TAB>cluster_id, plus timing and memory as JSON.

  peers.py METHOD CORPUS OUT.tsv [--threshold 0.5] [--shingle 4] [--num-perm 128]

METHOD: datasketch, rensa, gaoya, simhash, exact-jaccard, exact-containment.
CORPUS: a folder with docs/*.txt (read file by file, as a user would) or a .jsonl file ({"id", "text"}).
Every method uses the same shingles (lower-cased \\w+ words, word k-grams), the same threshold, and union-find
over verified pairs (a candidate pair counts only if the method's own Jaccard estimate reaches the threshold).
"""
import argparse, json, os, re, resource, sys, time

WORD = re.compile(r"\w+")


def load(corpus):
    if corpus.endswith(".jsonl"):
        with open(corpus, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    yield str(record["id"]), record["text"]
        return
    folder = os.path.join(corpus, "docs") if os.path.isdir(os.path.join(corpus, "docs")) else corpus
    for name in sorted(os.listdir(folder)):
        if name.endswith(".txt"):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                yield name[:-4], handle.read()


def shingles(text, k):
    words = WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def run(method, docs, k, threshold, num_perm):
    ids = [doc_id for doc_id, _ in docs]
    sets = [shingles(text, k) for _, text in docs]
    uf = UnionFind(len(docs))
    if method == "datasketch":
        from datasketch import MinHash, MinHashLSH
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        hashes = []
        for i, s in enumerate(sets):
            m = MinHash(num_perm=num_perm)
            m.update_batch([x.encode("utf-8") for x in s])
            hashes.append(m)
            lsh.insert(str(i), m)
        for i, m in enumerate(hashes):
            for j in lsh.query(m):
                j = int(j)
                if j != i and m.jaccard(hashes[j]) >= threshold:
                    uf.union(i, j)
    elif method == "rensa":
        from rensa import RMinHash, RMinHashLSH
        lsh = RMinHashLSH(threshold=threshold, num_perm=num_perm, num_bands=16)
        hashes = []
        for i, s in enumerate(sets):
            m = RMinHash(num_perm=num_perm, seed=42)
            m.update(list(s))
            hashes.append(m)
            lsh.insert(i, m)
        for i, m in enumerate(hashes):
            for j in lsh.query(m):
                if j != i and m.jaccard(hashes[j]) >= threshold:
                    uf.union(i, j)
    elif method == "gaoya":
        from gaoya.minhash import MinHashStringIndex
        index = MinHashStringIndex(hash_size=32, jaccard_threshold=threshold, num_hashes=num_perm, analyzer="word",
                                   lowercase=True, ngram_range=(k, k))
        for i, (_, text) in enumerate(docs):
            index.insert_document(i, text)
        for i, (_, text) in enumerate(docs):
            for j in index.query(text):
                if j != i:
                    uf.union(i, j)
    elif method == "simhash":
        from simhash import Simhash, SimhashIndex
        objects = [(str(i), Simhash(list(s) or [""])) for i, s in enumerate(sets)]
        index = SimhashIndex(objects, k=3)
        for i, value in objects:
            for j in index.get_near_dups(value):
                if j != i:
                    uf.union(int(i), int(j))
    elif method in ("exact-jaccard", "exact-containment"):
        # Brute force on exact sets; shingles in more than 30 documents are ignored (furniture), as in the NOTES.
        postings = {}
        for i, s in enumerate(sets):
            for x in s:
                postings.setdefault(x, []).append(i)
        shared = {}
        for docs_with in postings.values():
            if 1 < len(docs_with) <= 30:
                for a in range(len(docs_with)):
                    for b in range(a + 1, len(docs_with)):
                        key = (docs_with[a], docs_with[b])
                        shared[key] = shared.get(key, 0) + 1
        for (a, b), common in shared.items():
            if method == "exact-jaccard":
                score = common / (len(sets[a]) + len(sets[b]) - common)
            else:
                score = common / max(1, min(len(sets[a]), len(sets[b])))
            if score >= threshold:
                uf.union(a, b)
    else:
        raise SystemExit(f"unknown method {method}")
    return ids, [uf.find(i) for i in range(len(ids))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("method")
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--shingle", type=int, default=4)
    parser.add_argument("--num-perm", type=int, default=128)
    args = parser.parse_args()
    start = time.time()
    docs = list(load(args.corpus))
    ids, roots = run(args.method, docs, args.shingle, args.threshold, args.num_perm)
    seconds = time.time() - start
    with open(args.out, "w") as handle:
        handle.write("doc_id\tcluster_id\n")
        for doc_id, root in zip(ids, roots):
            handle.write(f"{doc_id}\tk{root}\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    json.dump({"method": args.method, "documents": len(ids), "seconds": seconds, "peakBytes": peak},
              open(args.out + ".json", "w"))


if __name__ == "__main__":
    main()
