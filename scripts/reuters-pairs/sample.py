#!/usr/bin/env python3
"""Draws the Reuters-21578 pairs to be judged by reading (corpora/reuters-pairs/).

Strata (each drawn with a fixed seed; a pair is kept once, under its first stratum):
  reprint, near, exact   edges of a `neardup cluster` report (member and the member it attaches to)
  big                    member pairs of the ten largest clusters of that report
  link                   paragraph links of that report (documents that share a paragraph, kept apart)
  refused                merges the chaining guard refused in that report
  contain                pairs with exact word-5-gram containment >= 0.3 of the shorter document (shingles in more
                         than 30 documents ignored) that the report keeps apart -- computed here, not by NearDup
  flash                  a headline-only story (one line of text) and a story filed within three days (meta.tsv)
                         whose first 60 words hold 60 % of its distinct words, one of them in at most 50 leads

Usage: sample.py REPORT.json.gz DOCS_DIR OUT.tsv
The output has: a, b, stratum. Labels are added by reading, under corpora/reuters-pairs/README.md's rule.
"""
import collections, gzip, json, os, random, re, sys

report_path, docs_dir, out_path = sys.argv[1:4]
report = json.load(gzip.open(report_path))
rng = random.Random(20261202)

cluster_of = {}
edges = collections.defaultdict(list)
clusters = sorted(report["clusters"], key=lambda c: -c["size"])
for cluster in clusters:
    for member in cluster["members"]:
        cluster_of[member["id"]] = cluster["id"]
        if "via" in member:
            edges[member["kind"]].append((member["id"], member["via"]))

def key(a, b):
    return (a, b) if (int(a) if a.isdigit() else a) < (int(b) if b.isdigit() else b) else (b, a)

chosen = {}
def take(stratum, pairs, count):
    pairs = [key(a, b) for a, b in pairs if a != b]
    pairs = sorted(set(pairs))
    rng.shuffle(pairs)
    taken = 0
    for pair in pairs:
        if taken >= count:
            break
        if pair in chosen:
            continue
        chosen[pair] = stratum
        taken += 1
    print(f"{stratum:8} {taken:4} of {len(pairs)}", file=sys.stderr)

take("reprint", edges["reprint"], 90)
take("near", edges["near"], 45)
take("exact", edges["exact"], 15)
big = []
for cluster in clusters[:10]:
    ids = [m["id"] for m in cluster["members"]]
    local = random.Random(cluster["id"])
    for _ in range(4):
        big.append(tuple(local.sample(ids, 2)))
take("big", big, 40)
take("link", [tuple(l["documents"]) for l in report.get("paragraphLinks", [])], 25)
take("refused", [tuple(r["documents"]) for r in report.get("refusedMerges", [])], 20)

# Exact word 5-gram containment, independent of NearDup.
word = re.compile(r"[a-z0-9]+")
texts = {}
for name in os.listdir(docs_dir):
    if name.endswith(".txt"):
        texts[name[:-4]] = open(os.path.join(docs_dir, name), encoding="utf-8", errors="replace").read()
grams = {}
for doc, text in texts.items():
    words = word.findall(text.lower())
    grams[doc] = {" ".join(words[i:i + 5]) for i in range(max(0, len(words) - 4))}
postings = collections.defaultdict(list)
for doc, shingles in grams.items():
    for shingle in shingles:
        postings[shingle].append(doc)
shared = collections.Counter()
for shingle, docs in postings.items():
    if 1 < len(docs) <= 30:
        for i in range(len(docs)):
            for j in range(i + 1, len(docs)):
                shared[key(docs[i], docs[j])] += 1
contain = []
for (a, b), count in shared.items():
    rare = lambda d: sum(1 for s in grams[d] if len(postings[s]) <= 30)
    shorter = min(rare(a), rare(b))
    if shorter and count / shorter >= 0.3 and cluster_of.get(a) != cluster_of.get(b):
        contain.append((a, b))
take("contain", contain, 90)

# Headline-only stories and the stories filed within three days whose first 60 words hold most of their words.
import datetime
def stamp(text):
    # Only the day counts here (a few records have garbled times such as "605:12:19").
    return datetime.datetime.strptime(text.strip().split()[0], "%d-%b-%Y")
dates = {}
with open(os.path.join(os.path.dirname(docs_dir.rstrip("/")), "meta.tsv")) as meta:
    next(meta)
    for row in meta:
        fields = row.split("\t")
        dates[fields[0]] = stamp(fields[2])
def lines(text):
    return [l for l in text.split("\n") if l.strip()]
flashes = [d for d, t in texts.items() if len(lines(t)) == 1 and len(word.findall(t.lower())) >= 4]
lead_words = {d: set(word.findall(t.lower())[:60]) for d, t in texts.items() if len(lines(t)) >= 3}
frequency = collections.Counter(w for words in lead_words.values() for w in words)
index = collections.defaultdict(set)
for doc, words in lead_words.items():
    for w in words:
        if frequency[w] <= 50:
            index[w].add(doc)
flash_pairs = []
for flash in flashes:
    words = set(word.findall(texts[flash].lower()))
    near = set().union(*(index[w] for w in words if w in index)) if words else set()
    for doc in near:
        if abs((dates[doc] - dates[flash]).total_seconds()) <= 3 * 86400 and \
                len(words & lead_words[doc]) >= 0.6 * len(words):
            flash_pairs.append((flash, doc))
take("flash", flash_pairs, 40)

with open(out_path, "w") as out:
    out.write("a\tb\tstratum\n")
    for (a, b), stratum in sorted(chosen.items(), key=lambda item: (item[1], int(item[0][0]), int(item[0][1]))):
        out.write(f"{a}\t{b}\t{stratum}\n")
print(f"{len(chosen)} pairs", file=sys.stderr)
