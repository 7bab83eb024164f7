#!/usr/bin/env python3
"""Draws pairs that a NearDup report puts in one cluster, uniformly over all such pairs (the `links-now` stratum of
corpora/reuters-pairs/current-links.tsv): what a user reading the report meets, in proportion.

Every pair of members of every cluster of the report is a candidate, except pairs already judged in any .tsv file of
the judged folder (their labels are known). COUNT pairs are drawn with a fixed seed, without replacement. NearDup only
chooses which pairs are read; the labels come from reading both texts under the README's rule, blind to the report.
The precision of the whole report combines the two: the judged pairs it links, with their labels, and the others at
the rate of the draw (the judged pairs come from strata aimed at errors, so the draw alone is not the report's).

The draw depends on the judged folder: `current-links.tsv` was drawn with the files pairs, close-flashes,
generator-label-check, issuers-and-lines, possessive-subjects and resent-tables in it (and, for the undated draw,
the dated draw too); files added since change what a new run leaves out.

Usage: sample-links.py REPORT.json.gz JUDGED_DIR COUNT SEED OUT.tsv [STRATUM]     (OUT has a, b, stratum)
"""
import glob, gzip, itertools, json, os, random, sys

report_path, judged_dir, count, seed, out_path = sys.argv[1:6]
stratum = sys.argv[6] if len(sys.argv) > 6 else "links-now"
report = json.load(gzip.open(report_path))
judged = set()
for path in glob.glob(os.path.join(judged_dir, "*.tsv")):
    for line in open(path, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if len(fields) >= 2 and fields[0].isdigit() and fields[1].isdigit():
            judged.add(tuple(sorted((int(fields[0]), int(fields[1])))))
pairs = []
for cluster in report["clusters"]:
    ids = sorted(int(member["id"]) for member in cluster["members"])
    pairs.extend(pair for pair in itertools.combinations(ids, 2) if pair not in judged)
pairs.sort()
drawn = random.Random(int(seed)).sample(pairs, min(int(count), len(pairs)))
with open(out_path, "w", encoding="utf-8") as out:
    out.write("a\tb\tstratum\n")
    for a, b in sorted(drawn):
        out.write(f"{a}\t{b}\t{stratum}\n")
print(f"{len(pairs)} unjudged linked pairs; drew {len(drawn)}", file=sys.stderr)
