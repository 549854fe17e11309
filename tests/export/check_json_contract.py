#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_json_contract.py RASID_CLI DOC FEED

Has every front end that writes reports as JSON (`export --format json`,
`list --json`, `preview`, `analyze`) write the reports of FEED, and checks each
against DOC (docs/export-json.md): the field names and types of its tables,
which fields each command writes and the names it keeps. Also checks that the
four agree on the same report. Exits 0 when everything matches; otherwise
prints every difference and exits 1.
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


# ---- the document ----------------------------------------------------------

def tables(doc):
    """{heading: [rows]}: every table's body rows (lists of cells) under its heading."""
    out, heading = {}, None
    for line in doc.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and heading and not re.match(r"^\|[-| ]+\|$", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out.setdefault(heading, []).append(cells)
    # Drop each table's header row.
    return {h: rows[1:] for h, rows in out.items()}


def names(cell):
    """The backticked names of a cell, split into report-level and places' ones:
    once "places'" is read, the names after it are the places'."""
    report, place = [], []
    target = report
    for part in re.split(r"(places'|`[^`]+`)", cell):
        if part == "places'":
            target = place
        elif part.startswith("`"):
            target.append(part.strip("`"))
    return report, place


def field_types(rows):
    """{name: type} of a field table (name, type, meaning)."""
    types = {}
    for row in rows:
        for name in names(row[0])[0]:
            types[name] = row[1]
    return types


doc_text = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")
doc = tables(doc_text)
TOP = field_types(doc["Top level"])
REPORT = field_types(doc["A report"])
PLACE = field_types(doc["A place"])
COMMANDS = {"list --json": "list", "preview": "preview", "analyze": "analyze"}

# What each command writes, and the names it keeps (with their types).
front = {"export": {"report": dict(REPORT), "place": dict(PLACE)}}
section = doc["The same report from the command line"]
for row in section:
    first = names(row[0])[0]
    if len(row) == 4 and first and first[0] in COMMANDS:    # command | what | report fields | kept names
        command = COMMANDS[first[0]]
        fields = REPORT if row[2] == "all" else {n: REPORT[n] for n in names(row[2])[0]}
        front[command] = {"report": dict(fields), "place": dict(PLACE) if "places" in fields else {},
                          "kept": names(row[3])}
for row in section:                                          # kept name | type | written by | meaning
    if len(row) != 4 or not names(row[2])[0] or names(row[2])[0][0] not in COMMANDS:
        continue
    report_names, place_names = names(row[0])
    for command in (COMMANDS[c] for c in names(row[2])[0]):
        for name in report_names:
            check(name in front[command]["kept"][0], f"doc: kept {name} of {command} is not in its row")
            front[command]["report"][name] = row[1]
        for name in place_names:
            check(name in front[command]["kept"][1], f"doc: places' kept {name} of {command} is not in its row")
            front[command]["place"][name] = row[1]
for command in ("list", "preview", "analyze"):
    for name in front[command]["kept"][0]:
        check(name in front[command]["report"], f"doc: {command} keeps {name}, which has no type")

# The objects inside a report, as the tables' meanings describe them.
check("each with `pcode`, `name_ar`, `name_en`" in doc_text, "doc: the admin object's fields changed")
check("`id` (canonical id, see `data/actors.tsv`), `name_ar`, `name_en` (either may be null)" in doc_text,
      "doc: the factions' fields changed")
check("`killed` and `injured`: integers" in doc_text, "doc: the casualties' fields changed")
check("each as `id` and `name`" in doc_text, "doc: the kept actors' fields changed")
ADMIN = {"pcode": "string", "name_ar": "string or null", "name_en": "string or null"}
FACTION = {"id": "string", "name_ar": "string or null", "name_en": "string or null"}
ACTOR = {"id": "string", "name": "string or null"}
CASUALTIES = {"killed": "integer or null", "injured": "integer or null"}


def has_type(value, kind):
    if value is None:
        return kind.endswith(" or null")
    kind = kind.removesuffix(" or null")
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array of string":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    problems.append(f"doc: unknown type {kind!r}")
    return False


def check_object(obj, schema, where, nested=None):
    if not check(isinstance(obj, dict), f"{where}: not an object"):
        return
    for name in schema.keys() - obj.keys():
        problems.append(f"{where}: documented field {name} is missing")
    for name in obj.keys() - schema.keys():
        problems.append(f"{where}: field {name} is not documented for it")
    for name in schema.keys() & obj.keys():
        if not check(has_type(obj[name], schema[name]), f"{where}.{name}: {obj[name]!r} is not {schema[name]}"):
            continue
        sub = (nested or {}).get(name) if schema[name].startswith(("array", "object")) else None
        if sub and isinstance(obj[name], list):
            for i, element in enumerate(obj[name]):
                sub(element, f"{where}.{name}[{i}]")
        elif sub and obj[name] is not None:
            sub(obj[name], f"{where}.{name}")


def check_report(report, command, where):
    form = front[command]

    def place(p, w):
        check_object(p, form["place"], w, {a: lambda o, ww: check_object(o, ADMIN, ww)
                                           for a in ("admin1", "admin2", "admin3")})

    check_object(report, form["report"], where, {
        "places": place,
        "factions": lambda o, w: check_object(o, FACTION, w),
        "actors": lambda o, w: check_object(o, ACTOR, w),
        "casualties": lambda o, w: check_object(o, CASUALTIES, w),
    })


# ---- the front ends --------------------------------------------------------

cli, feed = sys.argv[1], pathlib.Path(sys.argv[3]).resolve()
home = tempfile.mkdtemp(prefix="rasid-json-contract-")
env = dict(os.environ, HOME=home, XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
           XDG_CACHE_HOME=f"{home}/cache")
db = f"{home}/contract.db"


def run(*args, stdin=None):
    r = subprocess.run([cli, "--db", db, *args], input=stdin, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"rasid-cli {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


run("add-source", feed.as_uri())
run("fetch", "--once", "--offline")
exported = json.loads(run("export", "--format", "json", "-o", "-"))
listed = json.loads(run("list", "--json", "--limit", "0"))
preview = json.loads(run("preview", str(feed)))
items = preview["items"]
readings = [json.loads(line) for line in run("analyze", stdin="".join(i["title"] + "\n" for i in items)).splitlines()]

check_object(exported, TOP, "export", {"reports": lambda r, w: check_report(r, "export", w)})
check(exported["count"] == len(exported["reports"]) > 0, "export: count is not the number of reports")
for i, report in enumerate(listed):
    check_report(report, "list", f"list[{i}]")
check_object(preview, {"kind": "string", "title": "string or null", "link": "string or null", "items": "array"},
             "preview", {"items": lambda r, w: check_report(r, "preview", w)})
for i, reading in enumerate(readings):
    check_report(reading, "analyze", f"analyze[{i}]")

# ---- the same report, from each ------------------------------------------------

by_link = {r["link"]: r for r in listed}
check([r["id"] for r in listed] == [r["id"] for r in exported["reports"]], "list and export: not the same reports")
for e, l in zip(exported["reports"], listed):
    where = f"report {e['id']}"
    for name in REPORT.keys() - {"places"}:
        check(e[name] == l[name], f"{where}: export {name} {e[name]!r}, list {l[name]!r}")
    check(l["body"] == e["text"], f"{where}: list body is not text")
    check(l["actors"] == [{"id": f["id"], "name": f["name_ar"]} for f in e["factions"]], f"{where}: actors")
    check(len(e["places"]) == len(l["places"]), f"{where}: not the same places")
    for ep, lp in zip(e["places"], l["places"]):
        for name in PLACE.keys() - {"admin1", "admin2", "admin3"}:
            check(ep[name] == lp[name], f"{where}: place {name}: export {ep[name]!r}, list {lp[name]!r}")
        for name in ("admin1", "admin2", "admin3"):
            check((ep[name] or {}).get("pcode") == lp[name], f"{where}: place {name}: {ep[name]!r} ~ {lp[name]!r}")
        check(lp["name"] == lp["name_ar"], f"{where}: place name")

check(len(readings) == len(items) == 3, f"{len(items)} items and {len(readings)} readings, want 3 of each")
for item, reading in zip(items, readings):
    stored = by_link.get(item["link"])
    if not check(stored is not None, f"preview {item['id']}: no stored report has its link"):
        continue
    where = f"report {stored['id']}"
    for name in ("text", "link", "author", "breaking"):
        check(item[name] == stored[name], f"{where}: preview {name} {item[name]!r}, list {stored[name]!r}")
    check(item["published"] in (None, stored["published"]), f"{where}: preview published {item['published']!r}")
    check(item["text"] == (item["content"] or item["summary"]), f"{where}: preview text is not content or summary")
    check(reading["text"] == item["title"], f"{where}: analyze text is not the line")
    check(reading["source"] == reading["attribution"], f"{where}: analyze source is not attribution")
    # A line is a headline: the dateline is in a body's first line.
    check(reading["dateline"] is None, f"{where}: analyze found a dateline in a headline")
    check(sorted(reading["events"]) == sorted(stored["events"]), f"{where}: analyze events {reading['events']!r}")
    for name in ("title", "attribution", "factions", "casualties", "actors", "time"):
        check(reading[name] == stored[name], f"{where}: analyze {name} {reading[name]!r}, list {stored[name]!r}")
    check([p["id"] for p in reading["places"]] == [p["id"] for p in stored["places"]], f"{where}: analyze places")
    for rp, sp in zip(reading["places"], stored["places"]):
        check(rp == sp, f"{where}: analyze place {rp!r}, list {sp!r}")

# The fixture gives every kind of value somewhere: a test of types that saw none proves nothing.
places = [p for r in exported["reports"] for p in r["places"]]
check(any(p["admin2"] and isinstance(p["lat"], float) for p in places), "no place with a district and coordinates")
check(any(r["factions"] for r in readings), "no reading names a faction")
check(any(r["casualties"]["killed"] is not None for r in readings), "no reading counts the killed")
check(any(i["published"] is None for i in items) and any(i["author"] for i in items), "fixture lost its no-date item")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
