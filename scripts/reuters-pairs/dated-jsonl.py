#!/usr/bin/env python3
"""Writes Reuters-21578 as one JSON Lines file with each story's filing time, for `neardup cluster`.

Usage: dated-jsonl.py REUTERS_DIR OUT.jsonl
REUTERS_DIR is ../shared/datasets/reuters21578 (docs/<id>.txt and meta.tsv). Each record is
{"id": <doc_id>, "text": <the file's text>, "publishedAt": <meta.tsv date as RFC 3339>}. The corpus gives no time
zone: the times are written as UTC, which keeps every gap between two stories as filed. A date that does not read
(a few have an hour over 23) is left out and the story has no filing time; the count is printed.
The output holds the stories' texts: keep it out of the repository (research licence).
"""
import csv, datetime, json, os, re, sys

root, out_path = sys.argv[1:3]
pattern = re.compile(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")  # trailing junk ("09.88T C") ignored
written = undated = 0
with open(os.path.join(root, "meta.tsv"), newline="") as meta, open(out_path, "w") as out:
    for row in csv.DictReader(meta, delimiter="\t"):
        doc_id = row["doc_id"]
        path = os.path.join(root, "docs", doc_id + ".txt")
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")  # bytes as they are: line ends included
        record = {"id": doc_id, "text": text}
        match = pattern.match(row["date"])
        try:
            day, month, year, hour, minute, second = match.groups()
            time = datetime.datetime.strptime(f"{day}-{month.title()}-{year}", "%d-%b-%Y").replace(
                hour=int(hour), minute=int(minute), second=int(second))
            record["publishedAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ")
        except (AttributeError, ValueError):
            undated += 1
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
print(f"{written} stories, {undated} without a readable date", file=sys.stderr)
