"""Search in any script: each problem keeps the words of its title and description in one spelling
(``Problem.search_words``, ``problems.search.words_of``), and the full-text index covers them too.

SQLite: the FTS5 table gets a third column and its triggers are made again. PostgreSQL: the GIN index covers the
new column (its expression is the one ``problems.search.PG_MATCH`` asks for).
"""

from importlib import import_module

from django.db import migrations, models

SQLITE = [
    "DROP TRIGGER IF EXISTS problems_problem_fts_au",
    "DROP TRIGGER IF EXISTS problems_problem_fts_ad",
    "DROP TRIGGER IF EXISTS problems_problem_fts_ai",
    "DROP TABLE IF EXISTS problems_problem_fts",
    """CREATE VIRTUAL TABLE problems_problem_fts USING fts5(
        title, body, search_words, content='problems_problem', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER problems_problem_fts_ai AFTER INSERT ON problems_problem BEGIN
        INSERT INTO problems_problem_fts(rowid, title, body, search_words)
        VALUES (new.id, new.title, new.body, new.search_words); END""",
    """CREATE TRIGGER problems_problem_fts_ad AFTER DELETE ON problems_problem BEGIN
        INSERT INTO problems_problem_fts(problems_problem_fts, rowid, title, body, search_words)
        VALUES ('delete', old.id, old.title, old.body, old.search_words); END""",
    """CREATE TRIGGER problems_problem_fts_au AFTER UPDATE OF title, body, search_words ON problems_problem BEGIN
        INSERT INTO problems_problem_fts(problems_problem_fts, rowid, title, body, search_words)
        VALUES ('delete', old.id, old.title, old.body, old.search_words);
        INSERT INTO problems_problem_fts(rowid, title, body, search_words)
        VALUES (new.id, new.title, new.body, new.search_words); END""",
    "INSERT INTO problems_problem_fts(problems_problem_fts) VALUES ('rebuild')",
]
POSTGRES = [
    "DROP INDEX IF EXISTS problems_problem_search",
    """CREATE INDEX problems_problem_search ON problems_problem USING gin (to_tsvector('simple'::regconfig,
       coalesce(title, '') || ' ' || coalesce(body, '') || ' ' || coalesce(search_words, '')))""",
]
# Undone: the index of 0002 (and 0004, which made the same triggers again) over the title and description, made
# again after the column is gone (on SQLite, removing a column rebuilds the table, which drops its triggers).
_BEFORE = import_module("dauys.problems.migrations.0002_fulltext")
SQLITE_DROP = SQLITE[:4]
SQLITE_BEFORE = SQLITE_DROP + _BEFORE.SQLITE
POSTGRES_DROP = POSTGRES[:1]
POSTGRES_BEFORE = POSTGRES_DROP + _BEFORE.POSTGRES
BATCH = 2000


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from dauys.problems.search import words_of

    Problem = apps.get_model("problems", "Problem")
    last = 0
    while True:
        rows = list(Problem.objects.filter(pk__gt=last).order_by("pk").only("pk", "title", "body")[:BATCH])
        if not rows:
            break
        for row in rows:
            row.search_words = words_of(f"{row.title} {row.body}")
        Problem.objects.bulk_update(rows, ["search_words"])
        last = rows[-1].pk


def _run(statements: dict[str, list[str]], schema_editor) -> None:  # type: ignore[no-untyped-def]
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def index(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run({"sqlite": SQLITE, "postgresql": POSTGRES}, schema_editor)


def unindex(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}, schema_editor)


def index_as_before(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run({"sqlite": SQLITE_BEFORE, "postgresql": POSTGRES_BEFORE}, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("problems", "0012_appeal_signed")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, index_as_before),  # undone last, after the column
        migrations.AddField(
            model_name="problem",
            name="search_words",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
