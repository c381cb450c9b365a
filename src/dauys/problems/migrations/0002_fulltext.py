"""Full-text search over problems: SQLite FTS5 (embedded) or a PostgreSQL GIN index (scale-out).

The 'simple' configuration / unicode61 tokenizer is used on purpose: problems are written in Kazakh, Russian and
English, often mixed, and no single stemmer fits all three.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE problems_problem_fts USING fts5(
        title, body, content='problems_problem', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER problems_problem_fts_ai AFTER INSERT ON problems_problem BEGIN
        INSERT INTO problems_problem_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    """CREATE TRIGGER problems_problem_fts_ad AFTER DELETE ON problems_problem BEGIN
        INSERT INTO problems_problem_fts(problems_problem_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body); END""",
    """CREATE TRIGGER problems_problem_fts_au AFTER UPDATE OF title, body ON problems_problem BEGIN
        INSERT INTO problems_problem_fts(problems_problem_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO problems_problem_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    "INSERT INTO problems_problem_fts(problems_problem_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS problems_problem_fts_au",
    "DROP TRIGGER IF EXISTS problems_problem_fts_ad",
    "DROP TRIGGER IF EXISTS problems_problem_fts_ai",
    "DROP TABLE IF EXISTS problems_problem_fts",
]
POSTGRES = [
    """CREATE INDEX IF NOT EXISTS problems_problem_search ON problems_problem
       USING gin (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(body, '')))""",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS problems_problem_search"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
