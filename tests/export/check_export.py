#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_export.py FORMAT FILE EXPECTED.json

Reads an export of rasid-cli back with readers that share no code with Rasid
(Python's csv and json, openpyxl, xmllint, pdftotext) and compares it with
what test-export.c stored. Exits 0 when everything matches; otherwise prints
every difference and exits 1.
"""

import csv
import datetime
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

COLUMNS = [
    "id", "published", "source", "title", "text", "link",
    "admin1_pcode", "admin1_name_ar", "admin1_name_en",
    "admin2_pcode", "admin2_name_ar", "admin2_name_en",
    "admin3_pcode", "admin3_name_ar", "admin3_name_en",
    "places", "factions", "events", "killed", "injured", "attribution",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SYRIA = datetime.timezone(datetime.timedelta(hours=3))

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


def equal(got, want, what):
    return check(got == want, f"{what}: got {got!r}, want {want!r}")


def neutral(text):
    """OWASP: a cell a spreadsheet would run as a formula gets a leading quote."""
    if text is None:
        return ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def iso(unix_time):
    return datetime.datetime.fromtimestamp(unix_time, SYRIA).isoformat()


def one_line(text):
    return " ".join((text or "").split())


# ---- CSV -------------------------------------------------------------------

def check_csv(path, expected):
    raw = open(path, "rb").read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    equal(bom, expected["bom"], "byte-order mark")
    text = raw.decode("utf-8-sig" if bom else "utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    equal(rows[0], COLUMNS, "header")
    equal(len(rows) - 1, len(expected["reports"]), "number of rows")
    # RFC 4180: records end in CRLF.
    check(text.endswith("\r\n"), "the last record does not end in CRLF")
    for row, want in zip(rows[1:], expected["reports"]):
        got = dict(zip(COLUMNS, row))
        rid = want["id"]
        equal(got["id"], str(rid), f"report {rid} id")
        equal(got["published"], iso(want["published"]), f"report {rid} published")
        equal(got["title"], neutral(want["title"]), f"report {rid} title")
        equal(got["text"], neutral(want["text"]), f"report {rid} text")
        equal(got["link"], neutral(want["link"]), f"report {rid} link")
        equal(got["source"], neutral(want["source"]), f"report {rid} source")
        admin = want["admin1"] or {}
        equal(got["admin1_pcode"], admin.get("pcode", ""), f"report {rid} admin1_pcode")
        equal(got["admin1_name_ar"], admin.get("name_ar", ""), f"report {rid} admin1_name_ar")
        equal(got["admin1_name_en"], admin.get("name_en", ""), f"report {rid} admin1_name_en")
        equal(got["places"], " | ".join(want["places"]), f"report {rid} places")
        for name, cell in got.items():
            check(not cell.startswith(FORMULA_STARTS), f"report {rid} {name} is a live formula: {cell!r}")


# ---- XLSX ------------------------------------------------------------------

def check_xlsx(path, expected):
    try:
        import openpyxl
    except ImportError:
        check(False, "openpyxl is missing: install python3-openpyxl")
        return
    ws = openpyxl.load_workbook(path).active
    check(ws.sheet_view.rightToLeft, "the sheet is not right-to-left")
    equal(ws.freeze_panes, "A2", "frozen panes")
    rows = list(ws.iter_rows())
    equal([c.value for c in rows[0]], COLUMNS, "header")
    equal(len(rows) - 1, len(expected["reports"]), "number of rows")

    def text(want):
        # Cells hold LF line ends: a CR would be stored as an _x000D_ escape
        # that only Excel decodes.
        return neutral(want).replace("\r\n", "\n").replace("\r", "\n") or None

    for row, want in zip(rows[1:], expected["reports"]):
        got = {name: cell for name, cell in zip(COLUMNS, row)}
        rid = want["id"]
        equal(got["id"].value, rid, f"report {rid} id")
        local = datetime.datetime.fromtimestamp(want["published"], SYRIA).replace(tzinfo=None)
        equal(got["published"].value, local, f"report {rid} published")
        check(got["published"].is_date and "yy" in got["published"].number_format,
              f"report {rid} published is not a formatted date: {got['published'].number_format!r}")
        equal(got["title"].value, text(want["title"]), f"report {rid} title")
        equal(got["text"].value, text(want["text"]), f"report {rid} text")
        equal(got["source"].value, text(want["source"]), f"report {rid} source")
        link = want["link"]
        if link and link.startswith(("http://", "https://")):
            check(got["link"].hyperlink is not None and got["link"].hyperlink.target == link,
                  f"report {rid} link is not a hyperlink to {link!r}")
        else:
            equal(got["link"].value, text(link), f"report {rid} link")
            check(got["link"].hyperlink is None, f"report {rid} link {link!r} became a hyperlink")
        admin = want["admin1"] or {}
        equal(got["admin1_pcode"].value, admin.get("pcode"), f"report {rid} admin1_pcode")
        equal(got["admin1_name_ar"].value, admin.get("name_ar"), f"report {rid} admin1_name_ar")
        for name, cell in got.items():
            check(cell.data_type != "f", f"report {rid} {name} is a formula")
            if isinstance(cell.value, str):
                check(not cell.value.startswith(FORMULA_STARTS),
                      f"report {rid} {name} is a live formula: {cell.value!r}")


# ---- JSON and GeoJSON --------------------------------------------------------

def check_json(path, expected):
    doc = json.load(open(path, encoding="utf-8"))
    equal(doc.get("schema_version"), 1, "schema_version")
    equal(doc.get("title"), expected["title"], "title")
    check(isinstance(doc.get("filter"), str), "filter is not a string")
    reports = doc.get("reports", [])
    equal(doc.get("count"), len(reports), "count")
    equal([r["id"] for r in reports], [r["id"] for r in expected["reports"]], "report ids")
    for got, want in zip(reports, expected["reports"]):
        rid = want["id"]
        for field in ("title", "text", "link", "source"):
            equal(got[field], want[field], f"report {rid} {field}")
        equal(got["published"], iso(want["published"]), f"report {rid} published")
        equal([p["name_ar"] for p in got["places"]], want["places"], f"report {rid} places")
        admin1 = got["places"][0]["admin1"] if got["places"] else None
        equal(admin1, want["admin1"], f"report {rid} admin1")
        check(isinstance(got["events"], list), f"report {rid} events is not a list")
        check(set(got["casualties"]) == {"killed", "injured"}, f"report {rid} casualties")


def check_geojson(path, expected):
    doc = json.load(open(path, encoding="utf-8"))
    equal(doc.get("type"), "FeatureCollection", "type")
    features = doc.get("features", [])
    equal(len(features), len(expected["features"]), "number of features")
    by_report = {r["id"]: r for r in expected["reports"]}
    for got, want in zip(features, expected["features"]):
        props = got["properties"]
        rid = want["report_id"]
        equal(got["type"], "Feature", f"feature of {rid} type")
        equal(got["geometry"]["type"], "Point", f"feature of {rid} geometry")
        lon, lat = got["geometry"]["coordinates"]
        check(abs(lon - want["lon"]) < 1e-6 and abs(lat - want["lat"]) < 1e-6,
              f"feature of {rid} at {lon},{lat}, want {want['lon']},{want['lat']}")
        equal(props["report_id"], rid, "feature report_id")
        equal(props["place_id"], want["place_id"], f"feature of {rid} place_id")
        equal(props["place_name"], want["place_name"], f"feature of {rid} place_name")
        equal(props["title"], by_report[rid]["title"], f"feature of {rid} title")
        equal(props["published"], iso(by_report[rid]["published"]), f"feature of {rid} published")
        equal(props["admin1"], want["admin1"], f"feature of {rid} admin1")


# ---- HTML ------------------------------------------------------------------

def text_of(element):
    return "".join(element.itertext())


def check_html(path, expected):
    lint = subprocess.run(["xmllint", "--html", "--noout", path], capture_output=True, text=True)
    equal(lint.returncode, 0, "xmllint --html exit status")
    equal(lint.stderr, "", "xmllint --html complaints")
    as_xml = subprocess.run(["xmllint", "--html", "--xmlout", "--nonet", path],
                            capture_output=True, check=True).stdout
    root = ET.fromstring(as_xml)
    equal(root.tag, "html", "root element")
    equal(root.get("dir"), "rtl", "html dir")
    equal(root.get("lang"), "ar", "html lang")
    check(root.find(".//head/style") is not None, "no inline style")
    check(re.search(r"@media\s+print", text_of(root.find(".//head/style")) or "") is not None,
          "no @media print rules")
    equal(root.findall(".//script"), [], "scripts")
    for element in root.iter():
        check(element.tag not in ("link", "img", "iframe", "object", "embed"), f"remote resource element <{element.tag}>")
        check("src" not in element.attrib, f"<{element.tag}> has src")
        for name in element.attrib:
            check(not name.startswith("on"), f"<{element.tag}> has an event handler {name}")
        href = element.get("href")
        if href is not None:
            check(href.startswith(("http://", "https://")), f"a link to {href!r}")
    equal(text_of(root.find(".//h1")), expected["title"], "h1")
    equal(text_of(root.find(".//head/title")), expected["title"], "title")
    reports = root.findall(".//div[@class='report']")
    equal(len(reports), len(expected["reports"]), "number of reports")
    for div, want in zip(reports, expected["reports"]):
        rid = want["id"]
        equal(div.get("id"), f"report-{rid}", "report element id")
        equal(text_of(div.find("h2")), one_line(want["title"]), f"report {rid} title")
        body = div.find("div[@class='body']")
        got_body = " ".join(text_of(p) for p in body.findall("p"))
        equal(one_line(got_body), one_line(want["text"]), f"report {rid} text")
        links = [a.get("href") for a in div.iter("a")]
        if want["link"] and want["link"].startswith(("http://", "https://")):
            equal(links, [want["link"]], f"report {rid} links")
        else:
            equal(links, [], f"report {rid} links")


# ---- PDF -------------------------------------------------------------------

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HARAKAT = re.compile("[\u064b-\u065f\u0670]")
LAM_ALEF = re.compile("\u0644[\u0622\u0623\u0625\u0627]")


def pdf_normal(text):
    """pdftotext may reorder right-to-left runs, split words where glyphs
    join, and put a vowel mark before its letter: compare without spaces,
    bidi controls and harakat."""
    return HARAKAT.sub("", BIDI_CONTROLS.sub("", re.sub(r"\s+", "", text)))


def arabic_words(text):
    """The Arabic letters of each word, without the punctuation around them."""
    return [w for w in (re.sub(r"[^\u0600-\u06ff]", "", word) for word in text.split()) if len(w) >= 2]


def check_pdf(path, expected):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    check(re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M) is not None,
          "the pages are not A4")
    title = re.search(r"^Title:\s+(.*)$", info, re.M)
    equal(title and title.group(1), expected["title"], "document title")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                          check=True).stdout
    page_texts = text.split("\f")
    for number in range(1, pages + 1):
        flat = pdf_normal(page_texts[number - 1])
        check(f"صفحة{number}من{pages}" in flat or f"{pages}من{number}صفحة" in flat,
              f"page {number} has no 'صفحة {number} من {pages}'")
    flat = pdf_normal(text)
    for word in arabic_words(expected["title"]):
        check(pdf_normal(word) in flat, f"title word {word!r} missing")
    # Report titles too, except words with a lam-alef ligature, which
    # pdftotext splits apart.
    for report in expected["reports"]:
        for word in arabic_words(report["title"]):
            if not LAM_ALEF.search(word):
                check(pdf_normal(word) in flat, f"report {report['id']} title word {word!r} missing")



# ---- stories: the event table and the briefing -------------------------------

ACLED_COLUMNS = [
    "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]


def check_event_rows(rows, expected, number):
    """rows: dicts by ACLED column; @number turns a cell into a number."""
    equal(len(rows), expected["n_rows"], "number of events")
    story = expected["disputed"]
    found = [r for r in rows if str(r["notes"]).startswith(story["headline"])]
    equal(len(found), 1, "rows of the story told by two outlets")
    for row in found:
        equal(number(row["fatalities"]), story["min"], "fatalities (the lowest figure)")
        check(f"Fatalities {story['min']}-{story['max']} depending on the source" in row["notes"],
              f"the range is not in the notes: {row['notes']!r}")
        check("fatalities disputed" in row["tags"], f"tags: {row['tags']!r}")
        equal(row["event_type"], story["event_type"], "event type")
        equal(row["sub_event_type"], story["sub_event_type"], "sub-event type")
        equal(number(row["geo_precision"]), 1, "geo_precision of a town")
        equal(row["country"], "Syria", "country")
    for row in rows:
        check(number(row["time_precision"]) == 1, "time_precision")
        check(number(row["fatalities"]) >= 0, "fatalities")


def check_events_csv(path, expected):
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    check(data.startswith("\ufeff"), "no byte-order mark")
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")))
    rows = list(reader)
    equal(rows[0], ACLED_COLUMNS, "header")
    check_event_rows([dict(zip(ACLED_COLUMNS, r)) for r in rows[1:]], expected, int)


def check_events_xlsx(path, expected):
    import openpyxl
    ws = openpyxl.load_workbook(path).active
    check(ws.sheet_view.rightToLeft, "the sheet is not right-to-left")
    equal(ws.freeze_panes, "A2", "frozen panes")
    rows = list(ws.iter_rows(values_only=True))
    equal(list(rows[0]), ACLED_COLUMNS, "header")
    body = [dict(zip(ACLED_COLUMNS, r)) for r in rows[1:]]
    for row in body:
        check(isinstance(row["event_date"], datetime.datetime), f"event_date is not a date: {row['event_date']!r}")
        check(isinstance(row["fatalities"], (int, float)), "fatalities is not a number")
    check_event_rows(body, expected, lambda v: v)


def check_briefing(path, expected):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    equal(int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), 1, "pages")
    check(re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M) is not None, "not A4")
    flat = pdf_normal(subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                                     check=True).stdout)
    for word in arabic_words(expected["top"]):
        if not LAM_ALEF.search(word):
            check(pdf_normal(word) in flat, f"top story word {word!r} missing")
    # The story most outlets told comes first, before a later one.
    first = pdf_normal(expected["top_mark"])
    check(first in flat, f"{expected['top_mark']!r} missing")
    if "later_mark" in expected:
        later = pdf_normal(expected["later_mark"])
        check(later in flat and flat.index(first) < flat.index(later),
              f"{expected['top_mark']!r} is not listed before {expected['later_mark']!r}")
    for text in expected.get("contains", []):
        check(pdf_normal(text) in flat, f"{text!r} missing")
    for text in expected.get("absent", []):
        check(pdf_normal(text) not in flat, f"{text!r} is there, but should not be")

# ---- Markdown ----------------------------------------------------------------

def md_unescape(text):
    # CommonMark: a backslash before ASCII punctuation is an escape.
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def check_md(path, expected):
    raw = open(path, encoding="utf-8").read()
    lines = raw.split("\n")
    equal(md_unescape(lines[0]), "# " + expected["title"], "heading")
    headings = [md_unescape(line[3:]) for line in lines if line.startswith("## ")]
    equal(headings, [one_line(r["title"]) for r in expected["reports"]], "report headings")
    # The only unescaped "<" opens an autolink: no raw HTML gets through.
    raw_html = re.findall(r"(?<!\\)<(?!https?://)[A-Za-z/!?]", raw)
    equal(raw_html, [], "raw HTML in the Markdown")
    unescaped = md_unescape(raw)
    for report in expected["reports"]:
        for paragraph in (report["text"] or "").replace("\r\n", "\n").replace("\r", "\n").split("\n\n"):
            if paragraph.strip():
                check(paragraph.strip() in unescaped, f"report {report['id']} paragraph {paragraph!r} missing")
        link = report["link"]
        if link and link.startswith(("http://", "https://")):
            check(f"<{link}>" in raw, f"report {report['id']} link is not an autolink")


CHECKS = {
    "csv": check_csv,
    "xlsx": check_xlsx,
    "json": check_json,
    "geojson": check_geojson,
    "html": check_html,
    "pdf": check_pdf,
    "md": check_md,
    "events-csv": check_events_csv,
    "events-xlsx": check_events_xlsx,
    "briefing": check_briefing,
}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    fmt, path, expected_path = sys.argv[1:]
    expected = json.load(open(expected_path, encoding="utf-8"))
    try:
        CHECKS[fmt](path, expected)
    except Exception as error:  # a reader that fails is a failed check
        problems.append(f"{type(error).__name__}: {error}")
    for problem in problems:
        print(f"{fmt}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
