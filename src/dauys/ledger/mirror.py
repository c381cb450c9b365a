"""``dauys mirror PATH``: serve an export read-only, so that anyone can re-host the public record.

A mirror needs no database and no Django: it checks the export at start (the log against its signed checkpoint,
every file against the signed manifest — a tampered export is refused), keeps the leaf hashes in memory for
proofs and byte offsets into the JSON Lines files for the objects, and answers

- the ledger exactly as an instance does: ``/ledger/checkpoint``, ``/ledger/key``, ``/ledger/keys``,
  ``/ledger/entries.json``, ``/ledger/proof/inclusion.json``, ``/ledger/proof/consistency.json``,
  ``/ledger/tile/...`` (so ``dauys verify`` and C2SP tools work against a mirror unchanged);
- the API's reads: ``/api/v1/problems[/{id}]``, ``/api/v1/authorities[/{slug}]``, ``/api/v1/places``,
  ``/api/v1/comments/{id}``, ``/api/v1/authorities/{slug}/scorecard``, ``/api/v1/places/{slug}/scorecard`` (over
  30d, 90d, 12m and all, as of the export), ``/api/v1/reports[/{kind}/{key}]``;
- pages in kk/ru/en (``/<lang>/``, ``/<lang>/problems/<id>/``, ``/<lang>/authorities/``, the scorecards
  ``/<lang>/authorities/<slug>/scorecard/`` and ``/<lang>/places/<slug>/scorecard/``, the reports
  ``/<lang>/reports/[<kind>/<key>/[<place>/]]``): plain HTML, no script, no request to anyone else; and the public
  photos under ``/media/photos/``.

It is served by granian (``dauys mirror PATH --port P``), like the instance.
"""

from __future__ import annotations

import base64
import gettext
import html
import json
import mimetypes
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from dauys.core.collation import sort_key
from dauys.ledger import merkle, notes
from dauys.ledger.verify import TILE, ExportSource, VerifyError, verify_path

LANGUAGES = ("kk", "ru", "en")
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
PER_PAGE = 50
MAX_ENTRIES = 1000
Response = tuple[str, list[tuple[str, str]], bytes]
CSS = b"""body{margin:0;font-family:system-ui,sans-serif;line-height:1.55;color:#1a1d21;background:#f3f5f8;
overflow-wrap:anywhere}main,header div{max-width:60rem;margin:0 auto;padding:1rem}header{background:#073f78;color:#fff}
header a{color:#fff}a{color:#0b5cad}.note{background:#fff8e1;border-left:4px solid #8a4b00;padding:.5rem .75rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #d4d9e0}
.body{white-space:pre-wrap}nav a{margin-right:1rem}.meta{color:#4b5563}header nav{display:inline}
main [aria-current]{font-weight:700;text-decoration:none;color:#1a1d21}.date{white-space:nowrap}
th:last-child:not(:first-child),td:last-child:not(:first-child){white-space:nowrap;overflow-wrap:normal}"""


def _lines(path: Path) -> list[int]:
    """Byte offsets of the lines of a file."""
    offsets, position = [], 0
    with path.open("rb") as f:
        for line in f:
            offsets.append(position)
            position += len(line)
    return offsets


@dataclass
class Mirror:
    path: Path
    origin: str = ""
    key: str = ""
    checkpoint: str = ""
    size: int = 0
    tree: merkle.MemoryTree = field(default_factory=merkle.MemoryTree)
    entry_offsets: list[int] = field(default_factory=list)
    problem_offsets: dict[int, int] = field(default_factory=dict)
    comment_offsets: dict[int, int] = field(default_factory=dict)
    comments_of: dict[str, list[int]] = field(default_factory=dict)
    authorities: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    scorecard_offsets: dict[tuple[str, str], int] = field(default_factory=dict)
    reports: list[dict[str, Any]] = field(default_factory=list)  # newest first
    report_index: dict[tuple[str, str, str | None], dict[str, Any]] = field(default_factory=dict)
    exported_at: str = ""

    def label(self, lang: str, kind: str, code: str) -> str:
        return self.labels.get(lang, {}).get(kind, {}).get(code, code)

    @classmethod
    def load(cls, path: Path) -> Mirror:
        with tempfile.TemporaryDirectory() as state:
            verify_path(path, Path(state))  # refuses a tampered export
        m = cls(path)
        source = ExportSource(path)
        m.key = source.key()
        m.checkpoint = source.checkpoint()
        checkpoint = notes.open_checkpoint(m.checkpoint, m.key)
        m.origin, m.size = checkpoint.origin, checkpoint.size
        hashes = (path / "ledger" / "leaf-hashes").read_bytes()
        for i in range(m.size):
            m.tree.append_hash(hashes[i * 32 : i * 32 + 32])
        m.entry_offsets = _lines(path / "ledger" / "entries.jsonl")[: m.size]
        m.exported_at = json.loads((path / "manifest.json").read_text())["created_at"]
        for offset, row in m._scan("problems"):
            m.problem_offsets[int(row["id"])] = offset
        for offset, row in m._scan("comments"):
            m.comment_offsets[int(row["id"])] = offset
            m.comments_of.setdefault(row["target"], []).append(int(row["id"]))
        m.authorities = {row["slug"]: row for _, row in m._scan("authorities")}
        for _, row in m._scan("places"):  # problems name their place by ISO code where it has one
            m.places[row["slug"]] = row
            if row.get("iso_code"):
                m.places[row["iso_code"]] = row
        m.categories = {row["slug"]: row for _, row in m._scan("categories")}
        # Exports made before scorecards and reports were exported have neither.
        for offset, row in m._scan("scorecards", missing_ok=True):
            m.scorecard_offsets[(row["scope"], row["subject"])] = offset
        m.reports = [row for _, row in m._scan("reports", missing_ok=True)][::-1]
        m.report_index = {(r["kind"], r["key"], r["place"]): r for r in m.reports}
        labels = path / "data" / "labels.json"
        m.labels = json.loads(labels.read_text()) if labels.exists() else {}
        return m

    def _scan(self, kind: str, missing_ok: bool = False) -> Iterable[tuple[int, dict[str, Any]]]:
        position = 0
        path = self.path / "data" / f"{kind}.jsonl"
        if missing_ok and not path.exists():
            return
        with path.open("rb") as f:
            for line in f:
                yield position, json.loads(line)
                position += len(line)

    def _read(self, kind: str, offset: int) -> dict[str, Any]:
        with (self.path / "data" / f"{kind}.jsonl").open("rb") as f:
            f.seek(offset)
            return dict(json.loads(f.readline()))

    def problem(self, pk: int) -> dict[str, Any] | None:
        offset = self.problem_offsets.get(pk)
        return None if offset is None else self._read("problems", offset)

    def comment(self, pk: int) -> dict[str, Any] | None:
        offset = self.comment_offsets.get(pk)
        return None if offset is None else self._read("comments", offset)

    def scorecard(self, scope: str, slug: str) -> dict[str, Any] | None:
        offset = self.scorecard_offsets.get((scope, slug))
        return None if offset is None else self._read("scorecards", offset)

    def report(self, kind: str, key: str, place: str | None) -> dict[str, Any] | None:
        return self.report_index.get((kind, key, place))

    def entry(self, index: int) -> str:
        with (self.path / "ledger" / "entries.jsonl").open("rb") as f:
            f.seek(self.entry_offsets[index])
            return str(json.loads(f.readline())["data"])


# Responses ---------------------------------------------------------------------------------------------------------

HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
]


def _json(data: Any, status: str = "200 OK") -> Response:
    body = json.dumps(data, ensure_ascii=False).encode()
    return status, [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", "*")], body


def _error(message: str, status: str = "400 Bad Request") -> Response:
    code = {"400": "invalid", "404": "not_found", "405": "method_not_allowed"}[status[:3]]
    return _json({"error": {"code": code, "message": message}}, status)


def _text(body: str) -> Response:
    return (
        "200 OK",
        [("Content-Type", "text/plain; charset=utf-8"), ("Access-Control-Allow-Origin", "*")],
        body.encode(),
    )


def _int(query: dict[str, list[str]], name: str, default: int | None = None) -> int:
    raw = query.get(name, [""])[0]
    if raw == "":
        if default is None:
            raise ValueError(f"{name} is required")
        return default
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number ≥ 0, not {raw[:20]!r}")
    return int(raw)


# The ledger --------------------------------------------------------------------------------------------------------


def ledger(m: Mirror, rest: str, query: dict[str, list[str]]) -> Response:
    if rest == "checkpoint":
        return _text(m.checkpoint)
    if rest == "key":
        return _text(m.key + "\n")
    if rest == "keys":
        keys = m.path / "ledger" / "keys.json"
        rotations = json.loads(keys.read_text())["rotations"] if keys.exists() else []
        return _json({"key": m.key, "rotations": rotations})
    try:
        if rest == "entries.json":
            start = _int(query, "start", 0)
            end = min(_int(query, "end", start + MAX_ENTRIES), start + MAX_ENTRIES, m.size)
            return _json({"entries": [{"index": i, "data": m.entry(i)} for i in range(start, max(start, end))]})
        if rest == "proof/inclusion.json":
            index, size = _int(query, "leaf_index"), _int(query, "tree_size")
            if size > m.size or index >= size:
                return _error("leaf_index must be smaller than tree_size, and tree_size at most the checkpoint's")
            hashes = merkle.inclusion_proof(m.tree.node, index, size)
            return _json({"leaf_index": index, "tree_size": size, "hashes": [_b64(h) for h in hashes]})
        if rest == "proof/consistency.json":
            first, second = _int(query, "first"), _int(query, "second")
            if not 0 < first <= second <= m.size:
                return _error("0 < first ≤ second ≤ the checkpoint's size")
            hashes = merkle.consistency_proof(m.tree.node, first, second)
            return _json({"first": first, "second": second, "hashes": [_b64(h) for h in hashes]})
    except ValueError as exc:
        return _error(str(exc))
    match = re.fullmatch(r"tile/(?P<level>\d+|entries)/(?P<n>(?:x\d{3}/)*\d{3})(?:\.p/(?P<w>\d+))?", rest)
    if match:
        return _tile(m, match)
    return _error("no such ledger endpoint", "404 Not Found")


def _b64(h: bytes) -> str:
    return base64.b64encode(h).decode()


def _tile(m: Mirror, match: re.Match[str]) -> Response:
    n = int("".join(part.lstrip("x") for part in match["n"].split("/")))
    width = int(match["w"]) if match["w"] else TILE
    if not 0 < width <= TILE:
        return _error("a partial tile has 1 to 255 entries", "404 Not Found")
    start = n * TILE
    if match["level"] == "entries":
        if start + width > m.size:
            return _error("no such tile", "404 Not Found")
        body = b"".join(len(d := m.entry(i).encode()).to_bytes(2, "big") + d for i in range(start, start + width))
    else:
        height = 8 * int(match["level"])
        if start + width > m.size >> height:
            return _error("no such tile", "404 Not Found")
        body = b"".join(m.tree.node(height, i) for i in range(start, start + width))
    return "200 OK", [("Content-Type", "application/octet-stream"), ("Access-Control-Allow-Origin", "*")], body


# The API's reads ---------------------------------------------------------------------------------------------------


def api(m: Mirror, rest: str, query: dict[str, list[str]]) -> Response:
    if rest == "problems":
        try:
            start = _int(query, "start", 0)
        except ValueError as exc:
            return _error(str(exc))
        ids = sorted(m.problem_offsets, reverse=True)[start : start + 100]
        more = start + 100 < len(m.problem_offsets)
        return _json({"items": [m.problem(i) for i in ids], "next": f"?start={start + 100}" if more else None})
    if match := re.fullmatch(r"problems/(\d+)", rest):
        problem = m.problem(int(match[1]))
        return _json(problem) if problem else _error("There is no public problem with this id.", "404 Not Found")
    if rest == "authorities":
        return _json({"items": list(m.authorities.values()), "next": None})
    if match := re.fullmatch(r"authorities/([\w-]+)", rest):
        authority = m.authorities.get(match[1])
        return _json(authority) if authority else _error("There is no such authority.", "404 Not Found")
    if rest == "places":
        return _json({"items": list(m.places.values()), "next": None})
    if match := re.fullmatch(r"comments/(\d+)", rest):
        comment = m.comment(int(match[1]))
        return _json(comment) if comment else _error("There is no such comment.", "404 Not Found")
    if match := re.fullmatch(r"(authorities|places)/([\w-]+)/scorecard", rest):
        card, why = _scorecard(m, match[1], match[2], query)
        return _error(*why) if card is None else _json(card)
    if rest == "reports":
        return _report_list(m, query)
    if match := re.fullmatch(r"reports/(\w+)/([\w-]+)", rest):
        report = m.report(match[1], match[2], query.get("place", [""])[0] or None)
        return _json(report) if report else _error("There is no such report.", "404 Not Found")
    return _error("This mirror serves the public reads of the API only.", "404 Not Found")


SCORECARD_PERIODS = ("30d", "90d", "12m", "all")


def _scorecard(
    m: Mirror, kind: str, slug: str, query: dict[str, list[str]]
) -> tuple[dict[str, Any] | None, tuple[str, str]]:
    """The exported scorecard the query asks for, or why not (message, status)."""
    period = query.get("period", [""])[0] or "12m"
    scope = query.get("scope", [""])[0] or "own"
    if kind == "places":
        scope = "place" if scope == "own" else scope
    elif scope in ("own", "vertical"):
        scope = "authority" if scope == "own" else scope
    if scope not in ("authority", "vertical", "place") or (scope == "place") != (kind == "places"):
        return None, ("scope is own or vertical.", "400 Bad Request")
    if period not in SCORECARD_PERIODS or query.get("from") or query.get("to"):
        said = "A mirror has the scorecards over 30d, 90d, 12m and all, as of the export; for other periods ask "
        return None, (said + m.origin + ".", "400 Bad Request")
    card = m.scorecard(scope, slug)
    if card is None:
        return None, ("There is no scorecard of this subject in the export.", "404 Not Found")
    return dict(card["periods"][period]), ("", "200 OK")


def _reports_of(m: Mirror, query: dict[str, list[str]]) -> list[dict[str, Any]] | None:
    kind, place = query.get("kind", [""])[0], query.get("place", [""])[0]
    if kind and kind not in ("weekly", "monthly"):
        return None
    rows = [r for r in m.reports if not kind or r["kind"] == kind]
    if place:
        rows = [r for r in rows if r["place"] == (None if place == "country" else place)]
    return rows


def _report_list(m: Mirror, query: dict[str, list[str]]) -> Response:
    rows = _reports_of(m, query)
    try:
        start = _int(query, "start", 0)
    except ValueError as exc:
        return _error(str(exc))
    if rows is None:
        return _error("kind is weekly or monthly.")
    more = start + 100 < len(rows)
    return _json({"items": rows[start : start + 100], "next": f"?start={start + 100}" if more else None})


# Pages -------------------------------------------------------------------------------------------------------------


def gettext_noop(text: str) -> str:
    return text


# The pages' words, in Dauys's catalogues (marked here: the extractor cannot read them inside f-strings).
WORDS = (
    gettext_noop("Language"),
    gettext_noop("Checkpoint"),
    gettext_noop("Verifier key"),
    gettext_noop("Next page"),
    gettext_noop("Problems"),
    gettext_noop("Authorities"),
    gettext_noop("Comment"),
    gettext_noop("Appeals"),
    gettext_noop("Comments"),
    gettext_noop("Page not found"),
    gettext_noop("Scorecard: %(name)s"),
    gettext_noop("Scorecards"),
    gettext_noop("Reports"),
    gettext_noop("Weekly report"),
    gettext_noop("Monthly report"),
    gettext_noop("Whole country"),
    gettext_noop("Appeals received"),
    gettext_noop("Answered on time"),
    gettext_noop("Answered late"),
    gettext_noop("Never answered: overdue now"),
    gettext_noop("Term still running"),
    gettext_noop("Median working days to answer"),
    gettext_noop("90%% answered within, working days"),  # as the template has it
    gettext_noop("Promises made"),
    gettext_noop("Kept"),
    gettext_noop("Broken"),
    gettext_noop("Not yet due"),
    gettext_noop("Complaints received from below"),
    gettext_noop("Complained about to a higher body"),
    gettext_noop("Problems filed"),
    gettext_noop("Resolved"),
    gettext_noop("Median days to resolution"),
    gettext_noop("What the answers were"),
    gettext_noop("Its own appeals"),
    gettext_noop("With every body below it"),
    gettext_noop("Period"),
    gettext_noop("30 days"),
    gettext_noop("90 days"),
    gettext_noop("12 months"),
    gettext_noop("all time"),
    gettext_noop("New problems"),
    gettext_noop("Answers received"),
    gettext_noop("Appeals that went overdue"),
    gettext_noop("Promises broken"),
    gettext_noop("Who let appeals go overdue"),
    gettext_noop("Who broke promises"),
    gettext_noop("Biggest movers"),
    gettext_noop("Before"),
    gettext_noop("Now"),
    gettext_noop("Figure"),
    gettext_noop("Value"),
    gettext_noop("The same report for each region and city"),
    gettext_noop("Authority"),
    gettext_noop("Promises"),
)


def _translator(lang: str) -> Callable[[str], str]:
    catalog = gettext.translation("django", localedir=LOCALE_DIR, languages=[lang], fallback=True)
    return catalog.gettext


def _page(lang: str, title: str, body: str, rest: str = "") -> Response:
    _ = _translator(lang)
    e = html.escape
    switch = " ".join(
        f'<a href="/{code}/{e(rest)}" lang="{code}"{" aria-current=page" if code == lang else ""}>{name}</a>'
        for code, name in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))
    )
    document = f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)} — Dauys</title>
<link rel="stylesheet" href="/mirror.css"></head><body>
<header><div><strong>Dauys</strong> · <nav aria-label="{e(_("Language"))}">{switch}</nav></div></header>
<main>{body}</main></body></html>"""
    return "200 OK", [("Content-Type", "text/html; charset=utf-8"), *HEADERS], document.encode()


def _name(obj: dict[str, Any] | None, lang: str, fallback: str = "") -> str:
    if not obj:
        return fallback
    names = obj.get("name") or {}
    return str(names.get(lang) or names.get("en") or obj.get("slug") or fallback)


def pages(m: Mirror, lang: str, rest: str, query: dict[str, list[str]]) -> Response:
    _ = _translator(lang)
    e = html.escape
    said = _("This is a read-only mirror of the public record of %(origin)s, as exported on %(date)s.")
    notice = (
        f'<p class="note">{e(said % {"origin": m.origin, "date": m.exported_at[:10]})} '
        f'<a href="/ledger/checkpoint">{e(_("Checkpoint"))}</a> · <a href="/ledger/key">{e(_("Verifier key"))}</a></p>'
    )
    if rest in ("", "problems/"):
        try:
            page = max(1, _int(query, "page", 1))
        except ValueError:
            page = 1
        ids = sorted(m.problem_offsets, reverse=True)
        shown = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
        items = "".join(
            f'<li><a href="/{lang}/problems/{pk}/">{e(p["title"])}</a> <span class="meta">'
            f"{e(_name(m.places.get(p['place']), lang, p['place']))} · {e(str(p['published_at'])[:10])}</span></li>"
            for pk in shown
            if (p := m.problem(pk))
        )
        more = ""
        if len(ids) > page * PER_PAGE:
            more = f'<p><a href="/{lang}/problems/?page={page + 1}">{e(_("Next page"))}</a></p>'
        body = (
            f'<h1>{e(_("Problems"))}</h1>{notice}<nav><a href="/{lang}/authorities/">{e(_("Authorities"))}</a>'
            f'<a href="/{lang}/reports/">{e(_("Reports"))}</a></nav>'
            f"<ul>{items}</ul>{more}"
        )
        return _page(lang, _("Problems"), body, rest)
    if match := re.fullmatch(r"problems/(\d+)/", rest):
        p = m.problem(int(match[1]))
        if p is None:
            return _not_found(lang)
        rows = "".join(
            f"<tr><td>{e(_name(m.authorities.get(a['authority']), lang, a['authority']))}</td>"
            f"<td>{e(m.label(lang, 'appeal_status', a['status']))}</td><td>{e(str(a.get('deadline') or ''))}</td></tr>"
            for a in p.get("appeals", [])
        )
        head = "".join(
            f'<th scope="col">{e(m.label(lang, "words", w)[:1].upper() + m.label(lang, "words", w)[1:])}</th>'
            for w in ("Authority", "Status", "deadline")
        )
        comments = "".join(
            f"<li><strong>{e(str(c['author'] or _('Comment')))}</strong> "
            f'<span class="meta">{e(str(c["created_at"])[:16].replace("T", " "))}</span>'
            f'<div class="body">{e(c["body"] or m.label(lang, "comment_status", c["status"]))}</div></li>'
            for cid in m.comments_of.get(f"problem:{p['id']}", [])
            if (c := m.comment(cid))
        )
        body = (
            f'<p><a href="/{lang}/">{e(_("Problems"))}</a></p><h1>{e(p["title"])}</h1>{notice}'
            f'<p class="meta">{e(_name(m.categories.get(p["category"]), lang, p["category"]))} · '
            f"{e(_name(m.places.get(p['place']), lang, p['place']))} · {e(str(p['author']))} · "
            f"{e(m.label(lang, 'problem_status', p['status']))}</p>"
            f'<div class="body">{e(p["body"])}</div>'
            f"<h2>{e(_('Appeals'))}</h2><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f"<h2>{e(_('Comments'))}</h2><ul>{comments}</ul>"
        )
        return _page(lang, p["title"], body, rest)
    if rest == "authorities/":
        items = "".join(
            f"<li>{_scorecard_link(m, lang, 'authority', a['slug'], _name(a, lang))} "
            f'<span class="meta">{e(_name(m.places.get(a.get("place") or ""), lang))}</span></li>'
            for a in sorted(m.authorities.values(), key=lambda a: sort_key(_name(a, lang), lang))
        )
        return _page(lang, _("Authorities"), f"<h1>{e(_('Authorities'))}</h1>{notice}<ul>{items}</ul>", rest)
    if match := re.fullmatch(r"(authorities|places)/([\w-]+)/scorecard/", rest):
        return _scorecard_page(m, lang, match[1], match[2], query, notice, rest)
    if rest == "reports/":
        items = "".join(
            f'<li><a href="{_report_path(lang, r)}">{_report_title(r, lang, markup=True)}</a> <span class="meta">'
            f"{e(_name(m.places.get(r['place']), lang) if r['place'] else _('Whole country'))}</span></li>"
            for r in m.reports
            if r["place"] is None
        )
        return _page(lang, _("Reports"), f"<h1>{e(_('Reports'))}</h1>{notice}<ul>{items}</ul>", rest)
    if match := re.fullmatch(r"reports/(\w+)/([\w-]+)/(?:([\w-]+)/)?", rest):
        report = m.report(match[1], match[2], match[3])
        return _report_page(m, lang, report, notice, rest) if report else _not_found(lang)
    return _not_found(lang)


def _scorecard_link(m: Mirror, lang: str, scope: str, slug: str, name: str) -> str:
    if (scope, slug) not in m.scorecard_offsets:
        return html.escape(name)
    kind = "places" if scope == "place" else "authorities"
    return f'<a href="/{lang}/{kind}/{html.escape(slug)}/scorecard/">{html.escape(name)}</a>'


CARD_ROWS = (  # (label, figure, share): the scorecard's figures, in the order of the instance's page
    ("Appeals received", "received", None),
    ("Answered on time", "on_time", "on_time_share"),
    ("Answered late", "late", "late_share"),
    ("Never answered: overdue now", "overdue", "overdue_share"),
    ("Term still running", "pending", None),
    ("Median working days to answer", "answer_median", None),
    ("90%% answered within, working days", "answer_p90", None),
    ("Promises made", "promises", None),
    ("Kept", "promises_kept", "kept_share"),
    ("Broken", "promises_broken", None),
    ("Not yet due", "promises_pending", None),
    ("Complaints received from below", "from_below", None),
    ("Complained about to a higher body", "escalated", None),
    ("Problems filed", "problems", None),
    ("Resolved", "problems_resolved", "resolved_share"),
    ("Median days to resolution", "resolution_median", None),
)
ANSWER_KINDS = ("substantive", "resolved", "promise", "apology", "formal", "refusal", "redirect")


def _scorecard_page(
    m: Mirror, lang: str, kind: str, slug: str, query: dict[str, list[str]], notice: str, rest: str
) -> Response:
    _ = _translator(lang)
    e = html.escape
    card, (_problem, status) = _scorecard(m, kind, slug, query)
    if card is None:
        if status.startswith("404"):
            return _not_found(lang)
        query = {}  # a period the mirror does not have: show the default, with the choices
        card, _why = _scorecard(m, kind, slug, query)
        if card is None:
            return _not_found(lang)
    subject = (m.places if kind == "places" else m.authorities).get(slug)
    name = _name(subject, lang, slug)
    period = card["period"]["key"]
    vertical = kind == "authorities" and (query.get("scope") or [""])[0] == "vertical"
    scope_q = "&scope=vertical" if vertical else ""
    periods = " ".join(
        f'<a href="?period={key}{scope_q}"{" aria-current=page" if key == period else ""}>{e(_(label))}</a>'
        for key, label in (("30d", "30 days"), ("90d", "90 days"), ("12m", "12 months"), ("all", "all time"))
    )
    scopes = ""
    if kind == "authorities":
        scopes = " ".join(
            f'<a href="?period={period}{q}"{" aria-current=page" if (q != "") == vertical else ""}>{e(_(label))}</a>'
            for q, label in (("", "Its own appeals"), ("&scope=vertical", "With every body below it"))
        )
        scopes = f"<p>{scopes}</p>"
    values = {
        **card["figures"],
        "answer_median": card["answer_working_days"]["median"],
        "answer_p90": card["answer_working_days"]["p90"],
        "resolution_median": card["resolution_days"]["median"],
    }

    def shown(figure: str, share: str | None) -> str:
        value, percent = values.get(figure), card["shares"].get(share) if share else None
        return ("–" if value is None else e(str(value))) + (f" ({percent}%)" if percent is not None else "")

    rows = "".join(
        f'<tr><th scope="row">{e(_(label).replace("%%", "%"))}</th><td>{shown(figure, share)}</td></tr>'
        for label, figure, share in CARD_ROWS
    )
    kinds = "".join(
        f'<tr><th scope="row">{e(m.label(lang, "answer_kind", k)[:1].upper() + m.label(lang, "answer_kind", k)[1:])}'
        f"</th><td>{shown(k, None)}</td></tr>"
        for k in ANSWER_KINDS
    )
    title = _("Scorecard: %(name)s") % {"name": name}
    body = (
        f'<p><a href="/{lang}/authorities/">{e(_("Authorities"))}</a></p><h1>{e(title)}</h1>{notice}'
        f'<p>{e(_("Period"))}: {periods}</p>{scopes}<p class="meta">{e(str(card["period"]["start"] or "…"))} – '
        f'{e(str(card["period"]["end"]))}</p><table><thead><tr><th scope="col">{e(_("Figure"))}</th>'
        f'<th scope="col">{e(_("Value"))}</th></tr></thead><tbody>{rows}</tbody></table>'
        f"<h2>{e(_('What the answers were'))}</h2><table><tbody>{kinds}</tbody></table>"
    )
    return _page(lang, title, body, rest)


def _report_path(lang: str, r: dict[str, Any]) -> str:
    return f"/{lang}/reports/{r['kind']}/{r['key']}/" + (f"{r['place']}/" if r["place"] else "")


def _report_title(r: dict[str, Any], lang: str, markup: bool = False) -> str:
    """The report's title; with ``markup``, as HTML in which a date never breaks at its hyphens."""
    _ = _translator(lang)
    kind = _("Weekly report") if r["kind"] == "weekly" else _("Monthly report")
    if markup:
        start, end = (f'<span class="date">{html.escape(str(d))}</span>' for d in (r["start"], r["end"]))
        return f"{html.escape(kind)}: {start} – {end}"
    return f"{kind}: {r['start']} – {r['end']}"


def _report_page(m: Mirror, lang: str, r: dict[str, Any], notice: str, rest: str) -> Response:
    _ = _translator(lang)
    e = html.escape
    where = _name(m.places.get(r["place"]), lang, r["place"]) if r["place"] else _("Whole country")

    def body_link(slug: str | None) -> str:
        if not slug:
            return "—"
        return _scorecard_link(m, lang, "authority", slug, _name(m.authorities.get(slug), lang, slug))

    def table(columns: tuple[str, ...], rows: Sequence[Sequence[str]]) -> str:
        head = "".join(f'<th scope="col">{e(_(c))}</th>' for c in columns)
        cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"

    sections = [
        table(
            ("Figure", "Value"),
            [
                (e(_(label)), str(r[key]))
                for label, key in (
                    ("New problems", "problems"),
                    ("Answers received", "answers"),
                    ("Appeals that went overdue", "overdue"),
                    ("Promises broken", "promises_broken"),
                )
            ],
        )
    ]
    top = "".join(
        f'<li><a href="/{lang}/problems/{pk}/">{e(p["title"])}</a></li>'
        for pk in r["top_problems"]
        if (p := m.problem(pk))
    )
    if top:
        sections.append(f"<h2>{e(_('New problems'))}</h2><ul>{top}</ul>")
    for key, heading, unit in (
        ("overdue_by", "Who let appeals go overdue", "Appeals"),
        ("broken_by", "Who broke promises", "Promises"),
    ):
        if r[key]:
            rows = [(body_link(x["authority"]), str(x["count"])) for x in r[key]]
            sections.append(f"<h2>{e(_(heading))}</h2>" + table(("Authority", unit), rows))
    if r["movers"]:
        moved = [(body_link(x["authority"]), f"{x['before']}%", f"{x['now']}%") for x in r["movers"]]
        sections.append(f"<h2>{e(_('Biggest movers'))}</h2>" + table(("Authority", "Before", "Now"), moved))
    if r["place"] is None:
        same = [x for x in m.reports if (x["kind"], x["key"]) == (r["kind"], r["key"]) and x["place"]]
        same.sort(key=lambda x: sort_key(_name(m.places.get(x["place"]), lang, x["place"]), lang))
        regional = "".join(
            f'<li><a href="{_report_path(lang, x)}">{e(_name(m.places.get(x["place"]), lang, x["place"]))}</a></li>'
            for x in same
        )
        if regional:
            sections.append(f"<h2>{e(_('The same report for each region and city'))}</h2><ul>{regional}</ul>")
    body = (
        f'<p><a href="/{lang}/reports/">{e(_("Reports"))}</a></p><h1>{_report_title(r, lang, markup=True)}</h1>{notice}'
        f'<p class="meta">{e(where)}</p>' + "".join(sections)
    )
    return _page(lang, _report_title(r, lang), body, rest)


def _not_found(lang: str) -> Response:
    _ = _translator(lang)
    _status, headers, body = _page(lang, _("Page not found"), f"<h1>{html.escape(_('Page not found'))}</h1>")
    return "404 Not Found", headers, body


# The application ---------------------------------------------------------------------------------------------------


def application_for(m: Mirror) -> Callable[[dict[str, Any], Callable[..., Any]], list[bytes]]:
    media_root = (m.path / "media").resolve()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO", "/")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            status, headers, body = _error("A mirror is read-only.", "405 Method Not Allowed")
            headers.append(("Allow", "GET, HEAD"))
        elif path == "/":
            status, headers, body = "302 Found", [("Location", "/kk/")], b""
        elif path == "/mirror.css":
            status, headers, body = "200 OK", [("Content-Type", "text/css")], CSS
        elif path == "/healthz":
            status, headers, body = _json({"status": "ok", "mirror_of": m.origin, "tree_size": m.size})
        elif path.startswith("/ledger/"):
            status, headers, body = ledger(m, path[len("/ledger/") :], query)
        elif path.startswith("/api/v1/"):
            status, headers, body = api(m, path[len("/api/v1/") :], query)
        elif path.startswith("/media/photos/"):
            status, headers, body = _media(media_root, path[len("/media/") :])
        elif (lang := path[1:3]) in LANGUAGES and path[3:4] == "/":
            status, headers, body = pages(m, lang, path[4:], query)
        else:
            status, headers, body = _not_found("kk")
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    return app


def _media(root: Path, name: str) -> Response:
    target = (root / name).resolve()
    if root not in target.parents or not target.is_file():
        return _error("no such file", "404 Not Found")
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return "200 OK", [("Content-Type", content_type), ("Cache-Control", "public, max-age=86400")], target.read_bytes()


def create_app() -> Callable[[dict[str, Any], Callable[..., Any]], list[bytes]]:
    """The server's application factory (granian --factory): the export named by DAUYS_MIRROR_PATH."""
    path = os.environ.get("DAUYS_MIRROR_PATH", "")
    try:
        return application_for(Mirror.load(Path(path)))
    except VerifyError as exc:
        raise SystemExit(f"dauys mirror: {path} does not verify: {exc}") from None
