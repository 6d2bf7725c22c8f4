"""Runs the benchmark's grouped aggregates in DuckDB and SQLite (in memory) on the CSV that
`fazhi-aggregate-benchmark --csv PATH` writes, for comparison. Usage: python3 compare.py PATH [repeats]"""
import sqlite3, sys, time

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5

ALL = """SELECT year, province, indicator, unit, count(*), count(DISTINCT doc), sum(value), avg(value),
         min(value), max(value), median(value), quantile_disc(value, 0.9)
         FROM facts GROUP BY year, province, indicator, unit"""
ONE = """SELECT year, province, count(*), count(DISTINCT doc), sum(value), avg(value), min(value), max(value),
         median(value), quantile_disc(value, 0.9)
         FROM facts WHERE indicator = 'disputes_mediated' GROUP BY year, province"""

def best(run):
    times = []
    for _ in range(repeats):
        start = time.perf_counter(); rows = run(); times.append(time.perf_counter() - start)
    times.sort()
    return {"best_seconds": times[0], "median_seconds": times[len(times) // 2], "rows": rows}

result = {}
try:
    import duckdb
    con = duckdb.connect()
    start = time.perf_counter()
    con.execute(f"CREATE TABLE facts AS SELECT * FROM read_csv_auto('{path}')")
    result["duckdb_load_seconds"] = time.perf_counter() - start
    result["duckdb_threads"] = con.execute("SELECT current_setting('threads')").fetchone()[0]
    result["duckdb_all_indicators"] = best(lambda: len(con.execute(ALL).fetchall()))
    result["duckdb_one_indicator"] = best(lambda: len(con.execute(ONE).fetchall()))
except ImportError:
    result["duckdb"] = "not installed"

con = sqlite3.connect(":memory:")
con.execute("CREATE TABLE facts (year INTEGER, province TEXT, level TEXT, indicator TEXT, unit TEXT, value REAL, doc TEXT)")
with open(path, encoding="utf-8") as handle:
    next(handle)
    con.executemany("INSERT INTO facts VALUES (?,?,?,?,?,?,?)", (line.rstrip("\n").split(",") for line in handle))
SQLITE = """SELECT year, province, indicator, unit, count(*), count(DISTINCT doc), sum(value), avg(value), min(value), max(value)
            FROM facts GROUP BY year, province, indicator, unit"""
result["sqlite_all_indicators_no_quantiles"] = best(lambda: len(con.execute(SQLITE).fetchall()))
print(result)
