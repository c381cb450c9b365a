"""Replies by e-mail (issue 25): bursts of replies through a real IMAP server, none lost or doubled.

    ./dev bench mail [--db sqlite|postgres] [--replies 10000]

An IMAP server (pymap, in memory, as the tests start it) receives a burst of ``--replies`` bodies' replies, each to
an appeal of its own (a fifth carry a 40 KB PDF), and Dauys takes them in as its worker does (``dauys mail-poll``).
Two bursts:

1. **clean**: one poller takes in the whole burst; its rate is reported as a share of the floor, a minimal script run
   in the same run that only parses each of the same messages (the standard library's parser) and stores it (the
   file, and a row in the same database, one transaction each). The rate of only fetching them from the server, in
   groups as Dauys does, is reported beside it, to show what the server costs.
2. **fault**: a poller is killed (SIGKILL) a third of the way through, then two pollers race over what is left.

After each burst it checks, in the database and in the mailbox: every reply stored once and matched to its own
appeal, one notification queued for each (none lost between the commit and the queue, none doubled), no raw file
without its row, and nothing left unseen in the mailbox. Figures go to stdout and bench/results/mail-<db>.json; the
exit status is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import imaplib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from problems import execute, run, sql_generate  # noqa: E402
from run import PG_ADMIN, instance_env  # noqa: E402

USER, PASSWORD = "replies", "bench"
PATTERN = "replies+{token}@bench.invalid"

SETUP = r"""
import json
from django.db.models import Value
from django.db.models.functions import Concat
from dauys.authorities.models import Authority
from dauys.problems.models import Appeal, new_reply_token
Authority.objects.filter(kind="akimat").update(
    email=Concat(Value("office@"), "slug", Value(".bench.invalid")), email_source="bench: generated"
)
appeals = list(Appeal.objects.select_related("authority", "problem").order_by("pk"))
for a in appeals:
    a.reply_token = new_reply_token()
Appeal.objects.bulk_update(appeals, ["reply_token"], batch_size=2000)
rows = [[a.pk, a.reply_address, a.reference, a.authority.email, a.problem.title] for a in appeals]
open({out!r}, "w").write(json.dumps(rows))
"""

# What the database and the private store hold of one burst's appeals (ids in a file: too many for a command line).
CHECK = r"""
import json
from collections import Counter
from pathlib import Path
from django.conf import settings
from django_q.models import OrmQ
from dauys.correspondence.models import IncomingMail
from dauys.problems.models import Appeal
ids = json.load(open({ids!r}))
mine = IncomingMail.objects.filter(appeal_id__in=ids)
told = Counter(q.args()[0] for q in OrmQ.objects.all() if q.func() == "dauys.correspondence.tasks.tell_the_applicant")
mails = list(mine.values_list("pk", "status"))
named = set(IncomingMail.objects.exclude(raw="").values_list("raw", flat=True))
root = Path(settings.PRIVATE_MEDIA_ROOT)
files = {{p.relative_to(root).as_posix() for p in (root / "mail").rglob("*.eml")}}
parts = sum(1 for p in (root / "mail").rglob("*.part"))  # a write the kill cut short: swept a day on
print(json.dumps({{
    "stored": len(mails),
    "in_review": sum(1 for _pk, status in mails if status == "review"),
    "appeals": mine.values("appeal_id").distinct().count(),
    "notifications": sum(told[pk] for pk, _s in mails),
    "notified_twice": sum(1 for pk, _s in mails if told[pk] > 1),
    "clock_stopped": Appeal.objects.filter(pk__in=ids, reply_received_on__isnull=False).count(),
    "awaiting": Appeal.objects.filter(pk__in=ids, status__in=["sent", "overdue"]).count(),
    "orphan_files": len(files - named),
    "missing_files": len(named - files),
    "parts_left": parts,
}}))
"""

FLOOR = r"""
import hashlib, json, sys, time
from email import policy
from email.parser import BytesParser
from pathlib import Path
vendor, database, source, store = sys.argv[1:5]
if vendor == "postgresql":
    import psycopg
    conn = psycopg.connect(database)
    mark = "%s"
else:
    import sqlite3
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    mark = "?"
conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id integer PRIMARY KEY, sha256 char(64) UNIQUE NOT NULL, "
             "path varchar(200) NOT NULL, sender varchar(320) NOT NULL, subject varchar(998) NOT NULL)")
if vendor == "postgresql":
    conn.commit()
blob = Path(source).read_bytes()
messages, at = [], 0
while at < len(blob):
    size = int.from_bytes(blob[at:at + 8], "big")
    messages.append(blob[at + 8:at + 8 + size])
    at += 8 + size
Path(store).mkdir(parents=True, exist_ok=True)
started = time.perf_counter()
for i, raw in enumerate(messages):
    message = BytesParser(policy=policy.default).parsebytes(raw)
    sender, subject = str(message["From"]), str(message["Subject"])
    digest = hashlib.sha256(raw).hexdigest()
    path = Path(store) / f"{digest}.eml"
    path.write_bytes(raw)
    if vendor != "postgresql":
        conn.execute("BEGIN")
    values = ", ".join([mark] * 5)
    conn.execute(f"INSERT INTO bench_floor (id, sha256, path, sender, subject) VALUES ({values})",
                 (i + 1, digest, str(path), sender, subject))
    conn.commit() if vendor == "postgresql" else conn.execute("COMMIT")
print(json.dumps({"messages": len(messages), "seconds": time.perf_counter() - started}))
"""

FETCH = r"""
import imaplib, json, sys, time
port = int(sys.argv[1])
started = time.perf_counter()
client = imaplib.IMAP4("127.0.0.1", port)
client.login({user!r}, {password!r})
client.select("INBOX", readonly=True)
_s, found = client.uid("SEARCH", "UNSEEN")
uids = [u.decode() for u in found[0].split()]
total = 0
for start in range(0, len(uids), 50):  # in groups, as Dauys fetches (correspondence.imap)
    group = ",".join(uids[start:start + 50])
    client.uid("FETCH", group, "(RFC822.SIZE)")
    _s, data = client.uid("FETCH", group, "(BODY.PEEK[])")
    total += sum(len(p[1]) for p in data if isinstance(p, tuple))
client.logout()
print(json.dumps({{"messages": len(found[0].split()), "bytes": total, "seconds": time.perf_counter() - started}}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_imap() -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    pymap = Path(sys.executable).parent / "pymap"
    proc = subprocess.Popen(
        [str(pymap), "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict", "--demo-data",
         "--demo-user", USER, "--demo-password", PASSWORD],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("pymap did not start") from None
            time.sleep(0.1)


def templates(pdf: bytes) -> tuple[bytes, bytes]:
    """A body's reply as a clerk's mail program sends it, with and without a PDF, to be filled in for each appeal
    (building 20,000 messages one by one with the standard library takes minutes)."""
    built = []
    for attached in (False, True):
        message = EmailMessage()
        message["From"] = "Канцелярия акимата <kense@XXDOMAINXX>"
        message["To"] = "XXTOXX"
        message["Subject"] = "Re: XXREFXX: XXTITLEXX"
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = "<XXNUMXX.reply@XXDOMAINXX>"
        text = (
            "Уважаемый заявитель!\n\nНа ваше обращение XXREFXX сообщаем: работы по устранению включены в план "
            "текущего ремонта, срок исполнения — до конца месяца. Ответ № XXNUMXX.\n\n"
            "Құрметті өтініш беруші! Өтінішіңіз қаралды, жұмыстар ағымдағы жөндеу жоспарына енгізілді.\n\n"
            "С уважением,\nотдел ЖКХ, ПАиАД\n" + "-- \nОтправлено из почты акимата\n" * 8
        )
        message.set_content(text, cte="8bit")
        if attached:
            message.add_attachment(pdf, maintype="application", subtype="pdf", filename="otvet-XXNUMXX.pdf")
        built.append(bytes(message))
    return built[0], built[1]


def reply(template: bytes, row: list[object], i: int) -> bytes:
    _pk, address, reference, body_email, title = row
    fill = {
        b"XXDOMAINXX": str(body_email).rpartition("@")[2].encode(),
        b"XXTOXX": str(address).encode(),
        b"XXREFXX": str(reference).encode(),
        b"XXTITLEXX": str(title).encode("ascii", "replace")[:60],
        b"XXNUMXX": str(i).encode(),
    }
    for marker, value in fill.items():
        template = template.replace(marker, value)
    return template


def deliver(port: int, messages: list[bytes]) -> float:
    """What the mail server does as the burst arrives: each message appended to the mailbox, unseen."""
    started = time.perf_counter()
    client = imaplib.IMAP4("127.0.0.1", port)
    # APPEND sends its literal after the server's "+": without this, Nagle's algorithm and the server's delayed ACK
    # hold each message back ~40 ms (the burst arrived at 22 messages a second).
    client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    client.login(USER, PASSWORD)
    for raw in messages:
        client.append("INBOX", None, None, raw)
    client.logout()
    return time.perf_counter() - started


def unseen(port: int) -> int:
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(USER, PASSWORD)
    client.select("INBOX", readonly=True)
    _s, found = client.uid("SEARCH", "UNSEEN")
    client.logout()
    return len(found[0].split())


def poller(env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "dauys", "mail-poll"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def check(env: dict[str, str], data: Path, rows: list[list[object]]) -> dict[str, int]:
    ids = data / "burst.json"
    ids.write_text(json.dumps([row[0] for row in rows]))
    out = run([sys.executable, "-m", "dauys", "manage", "shell", "-c", CHECK.format(ids=str(ids))], env)
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--replies", type=int, default=10_000, help="replies in each of the two bursts")
    args = parser.parse_args()
    vendor = "postgresql" if args.db == "postgres" else "sqlite"
    n = args.replies

    imap, port = start_imap()
    data = Path(tempfile.mkdtemp(prefix="dauys-bench-mail-"))
    env, target = instance_env(
        vendor, data, "dauys_bench_mail", fresh=True,
        DAUYS_REPLY_ADDRESS=PATTERN, DAUYS_MAIL_IMAP_URL=f"imap://{USER}:{PASSWORD}@127.0.0.1:{port}/INBOX",
    )  # fmt: skip
    failures: list[str] = []
    try:
        print(f"creating the schema and {2 * n:,} appeals on {vendor} …", flush=True)
        run([sys.executable, "-m", "dauys", "init"], env)
        execute(vendor, target, sql_generate(vendor, n))  # n problems, 2n appeals: one burst's replies each
        appeals = data / "appeals.json"
        run([sys.executable, "-m", "dauys", "manage", "shell", "-c", SETUP.format(out=str(appeals))], env)
        rows = json.loads(appeals.read_text())[: 2 * n]
        pdf = b"%PDF-1.4\n" + hashlib.sha256(b"scan").digest() * 1250 + b"\n%%EOF\n"  # 40 KB
        bursts = {"clean": rows[:n], "fault": rows[n:]}
        plain, attached = templates(pdf)
        sent = {  # a fifth carry a PDF; each message is its own (its number, appeal and address)
            name: [reply(attached if i % 5 == 0 else plain, row, start + i) for i, row in enumerate(part)]
            for start, (name, part) in zip((0, n), bursts.items(), strict=True)
        }
        megabytes = sum(len(m) for m in sent["clean"]) / 1e6
        print(f"  {n:,} replies a burst, {megabytes:.1f} MB", flush=True)
        already = unseen(port)  # the demo data's unseen messages (queued for an operator: they are no replies)

        # The floor: parse and store the same messages, nothing else.
        blob = data / "clean.bin"
        blob.write_bytes(b"".join(len(m).to_bytes(8, "big") + m for m in sent["clean"]))
        floor_db = target if vendor == "postgresql" else str(data / "dauys.sqlite3")
        floor = json.loads(
            run([sys.executable, "-c", FLOOR, vendor, floor_db, str(blob), str(data / "floor")], env).strip()
        )

        # Burst 1: delivered, then taken in by one poller.
        delivered = deliver(port, sent["clean"])
        fetch = json.loads(
            run([sys.executable, "-c", FETCH.format(user=USER, password=PASSWORD), str(port)], env).strip()
        )
        started = time.perf_counter()
        out = run([sys.executable, "-m", "dauys", "mail-poll"], env)
        took = time.perf_counter() - started
        print(f"  clean burst: {out.strip()} in {took:.1f} s", flush=True)
        clean = check(env, data, bursts["clean"])
        left = unseen(port)

        # Burst 2: a poller killed a third of the way, then two racing over the rest.
        deliver(port, sent["fault"])
        first = poller(env)
        time.sleep(max(1.0, took / 3))
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed_at = check(env, data, bursts["fault"])["stored"]
        racing = [poller(env), poller(env)]
        outputs = [p.communicate()[0].strip() for p in racing]
        passes = 3
        while unseen(port) and passes < 10:  # a racer that met a locked database leaves the rest to the next pass
            outputs.append(run([sys.executable, "-m", "dauys", "mail-poll"], env).strip())
            passes += 1
        print(f"  fault burst: killed after {killed_at:,} stored; then {' | '.join(outputs)}", flush=True)
        fault = check(env, data, bursts["fault"])
        left_after_fault = unseen(port)
    finally:
        imap.terminate()
        imap.wait(timeout=10)

    for name, got, left_unseen in (("clean", clean, left), ("fault", fault, left_after_fault)):
        expected = {"stored": n, "in_review": n, "appeals": n, "notifications": n, "notified_twice": 0}
        failures += [f"{name}: {k} = {got[k]}, expected {v}" for k, v in expected.items() if got[k] != v]
        if got["clock_stopped"] != got["awaiting"]:
            failures.append(f"{name}: {got['clock_stopped']} clocks stopped of {got['awaiting']} awaiting an answer")
        if got["orphan_files"] or got["missing_files"]:
            failures.append(f"{name}: {got['orphan_files']} files without a row, {got['missing_files']} rows without")
        if left_unseen:
            failures.append(f"{name}: {left_unseen} messages left unseen in the mailbox")
    rate = n / took
    floor_rate = floor["messages"] / floor["seconds"]
    fetch_rate = fetch["messages"] / fetch["seconds"]
    print(f"\n{vendor}, bursts of {n:,} replies ({megabytes:.1f} MB), {os.cpu_count()} cores")
    print(f"{'':<34} {'msg/s':>8} {'of floor':>9}")
    print(f"{'floor: parse and store':<34} {floor_rate:>8.0f} {1:>9.0%}")
    print(f"{'fetch from the IMAP server only':<34} {fetch_rate:>8.0f} {fetch_rate / floor_rate:>9.0%}")
    print(f"{'Dauys: dauys mail-poll, whole':<34} {rate:>8.0f} {rate / floor_rate:>9.0%}")
    print(f"delivery to the IMAP server: {n / delivered:.0f} msg/s ({already} unseen demo messages were there)")
    for name, got in (("clean", clean), ("fault", fault)):
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in got.items()))
    print("checks: " + ("all passed" if not failures else "; ".join(failures)))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"mail-{vendor}.json").write_text(
        json.dumps(
            {
                "replies": n,
                "megabytes": megabytes,
                "floor_per_s": floor_rate,
                "fetch_only_per_s": fetch_rate,
                "dauys_per_s": rate,
                "share_of_floor": rate / floor_rate,
                "clean": clean,
                "fault": fault,
                "killed_after": killed_at,
                "failures": failures,
            },
            indent=2,
        )
    )
    if vendor == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS dauys_bench_mail WITH (FORCE)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
