#!/usr/bin/env python3
"""Draws Reuters-21578 pairs by their word-8-gram share, without NearDup (the `share` stratum of
corpora/reuters-pairs/pairs.tsv).

The share is the generator's base rule (`BaseGroups`, `neardup generate --help`): words are runs of ASCII letters and
digits, lower-cased; a pair's share is the number of distinct word 8-grams the two have in common divided by the
countable 8-grams of the one with fewer (8-grams found in more than 50 stories are template phrases and not counted; a
text of fewer than eight words is one gram of all its words). Headline-only stories (one block of at most two lines
and 30 words) are left out, as the generator leaves them unlabelled.

Pairs with a share of at least 0.1 are put in bins of 0.1 (0.8 and above in one bin); ten pairs are drawn from the
lowest and the highest bin and fifteen from each other one, with a fixed seed.

Usage: sample-shares.py DOCS_DIR OUT.tsv     (OUT has a, b, share; labels are added by reading, under the README's rule)
"""
import collections, os, random, re, sys

docs_dir, out_path = sys.argv[1:3]
texts = {}
for name in os.listdir(docs_dir):
    if name.endswith(".txt"):
        text = open(os.path.join(docs_dir, name), encoding="utf-8").read()
        if text.strip():
            texts[int(name[:-4])] = text
ids = sorted(texts)


def grams(text):
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not words:
        return set()
    width = min(8, len(words))
    return {tuple(words[i : i + width]) for i in range(len(words) - width + 1)}


def headline_only(text):
    lines = [line for line in text.strip().split("\n")]
    return all(line.strip() for line in lines) and len(lines) <= 2 and len(text.split()) <= 30


grams_of = {i: set() if headline_only(texts[i]) else grams(texts[i]) for i in ids}
owners = collections.defaultdict(list)
for i in ids:
    for gram in grams_of[i]:
        owners[gram].append(i)
countable = {i: sum(1 for g in grams_of[i] if len(owners[g]) <= 50) for i in ids}
shared = collections.Counter()
for gram, docs in owners.items():
    if 1 < len(docs) <= 50:
        for x in range(len(docs)):
            for y in range(x + 1, len(docs)):
                shared[(docs[x], docs[y])] += 1

bins = collections.defaultdict(list)
for (a, b), count in sorted(shared.items()):
    fewer = min(countable[a], countable[b])
    if fewer == 0:
        continue
    share = count / fewer
    if share >= 0.1:
        bins[min(int(share * 10), 8)].append((a, b, share))

rng = random.Random(20261205)
drawn = []
for k in sorted(bins):
    drawn += rng.sample(bins[k], min(10 if k in (1, 8) else 15, len(bins[k])))
with open(out_path, "w") as out:
    for a, b, share in drawn:
        out.write(f"{a}\t{b}\t{share:.4f}\n")
print({k / 10: len(v) for k, v in sorted(bins.items())})
