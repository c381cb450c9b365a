"""The ledger's storage: leaves waiting for an index, numbered leaves, stored subtree hashes, the head."""

from __future__ import annotations

from django.db import models


class Pending(models.Model):
    """A leaf written in the same transaction as the public change it records, waiting for its index.

    The outbox of the log: a committed change always has its pending leaf, and the sequencer numbers the pending
    leaves in the order they were written, many per transaction.
    """

    data = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"pending leaf {self.pk}"


class Entry(models.Model):
    """Leaf ``index`` of the log: the exact canonical JSON that was hashed."""

    index = models.BigIntegerField(primary_key=True)
    data = models.TextField()
    leaf_hash = models.BinaryField(max_length=32)
    object = models.CharField(max_length=300, db_index=True)  # the path of the leaf's "object" URL
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["index"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"leaf {self.index}"


class Node(models.Model):
    """The hash of a complete subtree: leaves [index * 2**level, (index + 1) * 2**level)."""

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="ledger_one_node_per_position")]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"


class Head(models.Model):
    """The one row that says how many leaves the log has; sequencing locks it, so indexes never gap or repeat."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"ledger of {self.size} leaves"


class SignedCheckpoint(models.Model):
    """Every checkpoint the instance signed, newest last (the latest is served at /ledger/checkpoint)."""

    size = models.BigIntegerField()
    root = models.BinaryField(max_length=32)
    note = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"checkpoint at size {self.size}"

    def cosigned_note(self) -> str:
        """The note with the cosignature lines witnesses sent for it (ignored by clients that do not know them)."""
        lines = Cosignature.objects.filter(size=self.size, root=self.root).order_by("witness")
        return self.note + "".join(c.line for c in lines)


class CountCheckpoint(models.Model):
    """A tally's count of one thing as last written to the log (``ledger.checkpoints``): counted acts (supports,
    signatures, votes) enter the log as hourly count checkpoints, not one leaf per act (an act is a person's; the
    count is the public fact). ``tally`` is the tally's name (``core.tallies``), ``thing`` the counted object's id."""

    tally = models.CharField(max_length=60)
    thing = models.BigIntegerField()
    count = models.PositiveIntegerField()
    logged_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tally", "thing"], name="ledger_one_count_a_thing")]

    def __str__(self) -> str:
        return f"{self.tally} of {self.thing}: {self.count}"


class Cosignature(models.Model):
    """A witness's cosignature of one of this log's checkpoints (``POST /ledger/witness``, C2SP tlog-cosignature).

    Only witnesses the operator lists in ``DAUYS_LEDGER_WITNESSES`` are accepted; each says "I verified this
    checkpoint and that it extends every earlier one I saw".
    """

    witness = models.CharField(max_length=200)  # the witness's name
    witness_key = models.CharField(max_length=300)  # its verifier key
    size = models.BigIntegerField()
    root = models.BinaryField(max_length=32)
    signed_at = models.DateTimeField()  # the time in the cosignature
    line = models.TextField()  # the signature line, as served with the checkpoint
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-size", "witness"]
        constraints = [models.UniqueConstraint(fields=["witness_key", "size"], name="ledger_one_cosignature_a_size")]

    def __str__(self) -> str:
        return f"{self.witness} at size {self.size}"


class KeyRotation(models.Model):
    """The log's key was replaced at tree size ``size``: ``note`` is the checkpoint of that size signed by both the
    old and the new key, so whoever trusted the old key can follow to the new one (``GET /ledger/keys``)."""

    size = models.BigIntegerField()
    old_key = models.CharField(max_length=300)
    new_key = models.CharField(max_length=300)
    note = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"key rotation at size {self.size}"

    @classmethod
    def public_list(cls) -> list[dict[str, object]]:
        """Every rotation as ``/ledger/keys`` and exports publish it."""
        return [
            {"size": r.size, "old": r.old_key, "new": r.new_key, "note": r.note, "at": r.created_at.isoformat()}
            for r in cls.objects.order_by("pk")
        ]
