#!/usr/bin/env python3
"""Generate FazhiParsing's gazetteer of China's administrative divisions.

Source: jionlp 1.5.31 (Apache-2.0, https://github.com/dongrixinyu/JioNLP), which ships
`jionlp/dictionary/china_location.zip` (a tab-indented tree: province / prefecture /
county / township / village) and `jionlp/dictionary/china_location_change.txt`
(county- and prefecture-level renames). The wheel is downloaded with
`pip download --no-deps` and read as a zip file; jionlp is never installed or imported.

Usage (from the package root):

    python3 scripts/generate-gazetteer.py            # downloads the wheel into a temp dir
    python3 scripts/generate-gazetteer.py --wheel /path/to/jionlp-1.5.31-py2.py3-none-any.whl

It rewrites `Sources/FazhiParsing/Resources/gazetteer.tsv` and
`Sources/FazhiParsing/Resources/GAZETTEER-NOTICE`. The output is deterministic: running it
twice gives byte-identical files. `gazetteer-domains.tsv` (site host -> division code) is
maintained by hand and is not touched.

Output format (UTF-8, LF, one header line, 7 tab-separated columns):

    level  province  city  county  township  code  alias

level     p = province, c = prefecture/city, k = county level, t = township level
          (乡/镇/街道/苏木 and special units), f = a former name of the unit the row names.
province  full province-level name (上海市, 四川省, 广西壮族自治区).
city      prefecture-level name; empty for county-level units directly under a province
          (省直辖县级行政区划, e.g. 仙桃市). Municipalities repeat their name here (重庆市).
county    county-level name; empty for townships directly under a prefecture (东莞市, 中山市,
          儋州市, 嘉峪关市: jionlp's 市直辖行政区划).
township  township-level name (t rows only). jionlp has no township codes.
code      6-digit code of the unit itself for p/c/k rows; for t rows the code of the county
          (or of the prefecture when county is empty); for f rows the code of the current unit.
          Empty for the Taiwan counties jionlp lists without a code.
alias     p/c/k rows: jionlp's short name when it differs from the full name (四川, 恩施, 城步);
          t rows: the stem with the type suffix removed (渠南镇 -> 渠南; 街道/镇/乡/苏木 and
          民族乡 such as 回族乡), empty when the stem would be shorter than 2 characters or the
          name has no standard suffix; f rows: the former full name (襄樊市, 宁乡县).

Rows are sorted by province code, prefecture code and county code, each unit before the units
under it and townships by name; former-name rows come last. Diffs between data versions stay
small and readable.

To change the data, bump JIONLP_VERSION, rerun the script, run `swift test` (the tests check
the row counts and the seed places) and review the diff of gazetteer.tsv.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import zipfile

JIONLP_VERSION = "1.5.31"
WHEEL_NAME = f"jionlp-{JIONLP_VERSION}-py2.py3-none-any.whl"
LOCATION_ZIP = "jionlp/dictionary/china_location.zip"
LOCATION_TXT = "china_location.txt"
CHANGE_TXT = "jionlp/dictionary/china_location_change.txt"
LICENSE_PATH = f"jionlp-{JIONLP_VERSION}.dist-info/licenses/LICENSE"

PSEUDO_CITY = "省直辖行政区划"  # county-level units directly under a province
PSEUDO_COUNTY = "市直辖行政区划"  # townships directly under a prefecture

# The 56 recognised ethnic groups, longest first so that 蒙古族 wins over shorter prefixes.
ETHNIC_GROUPS = sorted(
    """汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族
    哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族
    仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族
    鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族""".split(),
    key=lambda s: (-len(s), s),
)

# Township-level type suffixes, longest first.
TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "苏木", "镇", "乡")

# Names that are not divisions in jionlp's sense but placeholders of its tree.
GENERIC_COUNTY_NAMES = {"市辖区"}

# Former names that are ordinary words or still name other units; never emitted as aliases.
FORMER_NAME_DENYLIST = {"城区", "郊区", "矿区", "南郊区"}


def township_stem(name: str) -> str:
    """Return the township name without its type suffix, or "" when that is not meaningful."""
    for suffix in TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            # 民族乡/民族镇/民族苏木: drop the ethnic group names too (回族乡, 苗族瑶族乡).
            stripped = True
            while stripped and stem.endswith("族"):
                stripped = False
                for group in ETHNIC_GROUPS:
                    if stem.endswith(group) and len(stem) > len(group):
                        stem = stem[: -len(group)]
                        stripped = True
                        break
            return stem if len(stem) >= 2 else ""
    return ""


def download_wheel(directory: str) -> str:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
         f"jionlp=={JIONLP_VERSION}", "-d", directory],
        check=True,
    )
    path = os.path.join(directory, WHEEL_NAME)
    if not os.path.exists(path):
        sys.exit(f"pip did not produce {WHEEL_NAME} in {directory}")
    return path


def parse_tree(text: str):
    """Yield rows (level, province, city, county, township, code, alias) from the jionlp tree."""
    province = city = county = None
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.lstrip("\t").split("\t")
        name = fields[0].strip()
        code = fields[1].strip() if len(fields) > 1 else ""
        short = fields[2].strip() if len(fields) > 2 else ""
        alias = short if short and short != name else ""
        if depth == 0:
            province = (name, code)
            city = county = None
            yield ("p", name, "", "", "", code, alias)
        elif depth == 1:
            county = None
            if name == PSEUDO_CITY:
                city = ("", "")
            else:
                city = (name, code)
                yield ("c", province[0], name, "", "", code, alias)
        elif depth == 2:
            if name == PSEUDO_COUNTY:
                county = ("", city[1])
            elif name in GENERIC_COUNTY_NAMES:
                county = ("", city[1])
            else:
                county = (name, code)
                yield ("k", province[0], city[0], name, "", code, alias)
        elif depth == 3:
            yield ("t", province[0], city[0], county[0], name, county[1], township_stem(name))
        # depth 4 (villages) is dropped.


def parse_changes(text: str, current: dict):
    """Yield former-name rows: (f, province, city, county, "", code, former_name)."""
    seen = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or "=>" not in line:
            continue
        old, new = line.split("=>")
        old_fields = old.split("\t")[2:]  # drop date and approval type
        new_fields = new.split("\t")
        # old: province, short, city, short[, county, short]; new: province, city[, county]
        if len(old_fields) >= 6 and len(new_fields) >= 3:
            old_name, key = old_fields[4], (new_fields[0], new_fields[1], new_fields[2])
        elif len(old_fields) >= 4 and len(new_fields) >= 2:
            old_name, key = old_fields[2], (new_fields[0], new_fields[1], "")
        else:
            continue
        if old_name == key[2] or (not key[2] and old_name == key[1]):
            continue  # re-parented without a rename
        if old_name in FORMER_NAME_DENYLIST or old_name in current["names"]:
            continue
        if key not in current["codes"]:
            continue  # target unit not in this table version
        seen.setdefault(old_name, set()).add(key)
    for old_name, keys in seen.items():
        if len(keys) != 1:
            continue  # split among several successors: not an alias
        (key,) = keys
        yield ("f", key[0], key[1], key[2], "", current["codes"][key], old_name)


def make_sort_key(rows):
    """Order rows by province code, prefecture code, county code, then level and names."""
    province_codes = {r[1]: r[5] for r in rows if r[0] == "p"}
    city_codes = {(r[1], r[2]): r[5] for r in rows if r[0] == "c"}
    county_codes = {(r[1], r[2], r[3]): r[5] for r in rows if r[0] == "k"}

    def key(row):
        level, province, city, county, township, _code, alias = row
        return (
            level == "f",
            province_codes.get(province, ""),
            city_codes.get((province, city), "") if city else "",
            # Taiwan counties have no code: "~" sorts them after the coded ones, by name.
            (county_codes.get((province, city, county)) or "~") if county else "",
            county,
            "pcktf".index(level),
            township,
            alias,
        )

    return key


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    resources = os.path.join(here, "..", "Sources", "FazhiParsing", "Resources")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help="use this jionlp wheel instead of downloading it")
    parser.add_argument("--output", default=os.path.join(resources, "gazetteer.tsv"))
    parser.add_argument("--notice", default=os.path.join(resources, "GAZETTEER-NOTICE"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = args.wheel or download_wheel(tmp)
        with zipfile.ZipFile(wheel_path) as wheel:
            with zipfile.ZipFile(io.BytesIO(wheel.read(LOCATION_ZIP))) as inner:
                tree_text = inner.read(LOCATION_TXT).decode("utf-8")
            change_text = wheel.read(CHANGE_TXT).decode("utf-8")
            license_text = wheel.read(LICENSE_PATH).decode("utf-8")

    rows = list(parse_tree(tree_text))
    current = {"names": set(), "codes": {}}
    for row in rows:
        if row[0] == "t":
            current["names"].add(row[4])
        else:
            current["names"].add({"p": row[1], "c": row[2], "k": row[3]}[row[0]])
            if row[0] in "ck":
                current["codes"][(row[1], row[2], row[3])] = row[5]
    rows.extend(parse_changes(change_text, current))

    # Each row's own unit must appear once; duplicates in the source are dropped.
    unique = sorted(set(rows), key=make_sort_key(rows))
    header = ("level", "province", "city", "county", "township", "code", "alias")
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(header) + "\n")
        for row in unique:
            assert all("\t" not in f and "\n" not in f for f in row), row
            out.write("\t".join(row) + "\n")

    counts = {level: sum(1 for r in unique if r[0] == level) for level in "pcktf"}
    with open(args.notice, "w", encoding="utf-8", newline="\n") as out:
        out.write(NOTICE_HEADER.format(version=JIONLP_VERSION, **counts))
        out.write(license_text.rstrip("\n") + "\n")
    size = os.path.getsize(args.output)
    print(f"wrote {args.output}: {len(unique)} rows ({counts}), {size} bytes", file=sys.stderr)


NOTICE_HEADER = """\
gazetteer.tsv — China's administrative divisions for fazhi's FazhiParsing target.

This data is derived from JioNLP {version} (https://github.com/dongrixinyu/JioNLP),
by dongrixinyu (the author named in the package metadata) and the JioNLP contributors,
licensed under the Apache License, Version 2.0 (full text below). The JioNLP
distribution carries no NOTICE file and its LICENSE names no copyright line.

Files used: jionlp/dictionary/china_location.zip (china_location.txt) and
jionlp/dictionary/china_location_change.txt, read from the PyPI wheel
jionlp-{version}-py2.py3-none-any.whl by scripts/generate-gazetteer.py.

Modifications made by fazhi (the script is the exact record):
  - villages (level 5) dropped; the tree flattened to one row per unit;
  - jionlp placeholders (省直辖行政区划, 市直辖行政区划, 市辖区) turned into empty fields;
  - township stems (type suffix removed) added in the alias column;
  - former names from china_location_change.txt added as rows of level f, restricted to
    renames with exactly one current successor;
  - rows sorted; format changed to tab-separated UTF-8.
Counts: {p} provinces, {c} prefectures, {k} counties, {t} townships, {f} former names.

gazetteer-domains.tsv (site host -> division code) is written by hand by the fazhi
project and is not derived from JioNLP.

-------------------------------------------------------------------------------
"""

if __name__ == "__main__":
    main()
