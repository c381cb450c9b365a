"""RFC 9162 section 2.1 Merkle tree hashing, proofs and their verification.

The tree is kept as the hashes of its *complete* subtrees: ``node(level, index)`` is the hash of the leaves
``[index * 2**level, (index + 1) * 2**level)``. Every range the RFC's recursive definitions ask for splits into
such aligned subtrees, so the root of any size, an inclusion proof and a consistency proof each cost O(log n)
lookups, never a recomputation over the leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

Node = Callable[[int, int], bytes]  # (level, index) -> hash of a stored complete subtree

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def range_hash(node: Node, start: int, end: int) -> bytes:
    """MTH of the leaves [start, end), from complete subtrees (start is aligned as the RFC's recursion makes it)."""
    size = end - start
    if size == 0:
        return EMPTY_ROOT
    if size & (size - 1) == 0 and start % size == 0:
        level = size.bit_length() - 1
        return node(level, start >> level)
    k = split(size)
    return node_hash(range_hash(node, start, start + k), range_hash(node, start + k, end))


def root(node: Node, size: int) -> bytes:
    return range_hash(node, 0, size)


def inclusion_proof(node: Node, index: int, size: int) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 section 2.1.3.1."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    path: list[bytes] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = split(end - start)
        if m < k:
            path.append(range_hash(node, start + k, end))
            end = start + k
        else:
            path.append(range_hash(node, start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_proof(node: Node, first: int, second: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 section 2.1.4.1."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from {first} to {second}")
    proof: list[bytes] = []
    start, end, m, complete = 0, second, first, True
    while m != end - start:
        k = split(end - start)
        if m <= k:
            proof.append(range_hash(node, start + k, end))
            end = start + k
        else:
            proof.append(range_hash(node, start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(range_hash(node, start, end))
    proof.reverse()
    return proof


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2, for a leaf hash."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2."""
    if first == second:
        return not proof and first_root == second_root
    if not 0 < first < second or not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # first is a power of two: its root is the first element
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


def mth(leaves: Sequence[bytes]) -> bytes:
    """The RFC's recursive definition over leaf data, for tests and small trees."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hash(leaves[0])
    k = split(n)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


class MemoryTree:
    """An in-memory tree with the same stored-subtree layout as the database (for ``dauys verify`` and tests)."""

    def __init__(self) -> None:
        self.levels: list[list[bytes]] = [[]]
        self.size = 0

    def append_hash(self, leaf: bytes) -> None:
        level, index, h = 0, self.size, leaf
        self.levels[0].append(h)
        while index & 1:
            h = node_hash(self.levels[level][index - 1], h)
            level, index = level + 1, index >> 1
            if len(self.levels) <= level:
                self.levels.append([])
            self.levels[level].append(h)
        self.size += 1

    def node(self, level: int, index: int) -> bytes:
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        return root(self.node, self.size if size is None else size)
