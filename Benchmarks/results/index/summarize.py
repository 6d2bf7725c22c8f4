#!/usr/bin/env python3
"""Markdown table of fazhi-*.json (fazhi-index-benchmark) and peers/*.json (peers.py) results."""
import json, os, re, sys
R = os.path.dirname(os.path.abspath(__file__))
rows = []
for tag in ("10k", "100k"):
    truth = {q["q"]: q["hits"] for q in json.load(open(f"{R}/peers/truth-{tag}.json"))["queries"]}
    for name in sorted(os.listdir(R)):
        m = re.fullmatch(r"fazhi-%s(-rerun)?\.json" % tag, name)
        if not m:
            continue
        r = json.load(open(f"{R}/{name}"))
        rss = None
        tf = f"{R}/{name[:-5]}.time"
        if os.path.exists(tf):
            mm = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(tf).read())
            rss = int(mm.group(1)) / 1024 if mm else None
        agree = sum(truth[q["q"]] == q["hits"] for q in r["queries"])
        q = r["query_ms"]
        rows.append((tag, "fazhi" + (" (rerun)" if m.group(1) else ""), r["docs_per_second"], r["index_bytes"] / 2**20,
                     (r["index_bytes"] + r["store_bytes"]) / 2**20, q["p50"], q["p95"], q["p99"], rss, agree))
    for name in sorted(os.listdir(f"{R}/peers")):
        if not name.endswith(f"-{tag}.json") or name.startswith("truth"):
            continue
        r = json.load(open(f"{R}/peers/{name}"))
        for mode, m in r["query_modes"].items():
            L = m["latency_ms"]
            label = r["engine"] + ("" if mode == "default" else f" ({mode})")
            if name.endswith(f"-rerun-{tag}.json"):
                label += " (rerun)"
            rows.append((tag, label, r["docs_per_s"], r["index_MB"], None, L["p50"], L["p95"], L["p99"],
                         r["peak_rss_MB"], m.get("hitcount_equals_truth")))
print("| docs | engine | docs/s | index MB | index + store MB | p50 ms | p95 ms | p99 ms | peak RSS MB | hit counts = truth |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for (tag, e, dps, mb, tot, p50, p95, p99, rss, agree) in rows:
    print(f"| {tag} | {e} | {dps:,.0f} | {mb:.1f} | {'%.1f' % tot if tot else '—'} | {p50:.2f} | {p95:.2f} | {p99:.2f} | "
          f"{'%.0f' % rss if rss else '—'} | {agree}/60 |")
