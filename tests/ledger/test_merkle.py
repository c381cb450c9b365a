"""RFC 9162 hashing and proofs: the CT reference vectors, and every size up to 300 against the naive definition."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dauys.ledger import canonical, merkle

VECTORS = json.loads((Path(__file__).parents[1] / "data" / "rfc6962_vectors.json").read_text())


def _tree(leaves: list[bytes]) -> merkle.MemoryTree:
    tree = merkle.MemoryTree()
    for leaf in leaves:
        tree.append_hash(merkle.leaf_hash(leaf))
    return tree


def test_reference_roots() -> None:
    leaves = [bytes.fromhex(h) for h in VECTORS["leaves"]]
    tree = _tree(leaves)
    assert [tree.root(n).hex() for n in range(1, 9)] == VECTORS["roots"]
    assert merkle.root(tree.node, 0).hex() == VECTORS["empty_root"]


def test_reference_inclusion_and_consistency_proofs() -> None:
    """The proofs of the CT reference tree, hash for hash, and each verifies against the reference roots."""
    leaves = [bytes.fromhex(h) for h in VECTORS["leaves"]]
    tree = _tree(leaves)
    roots = [bytes.fromhex(h) for h in VECTORS["roots"]]
    for case in VECTORS["inclusion_proofs"]:
        i, n = case["leaf_index"], case["tree_size"]
        proof = merkle.inclusion_proof(tree.node, i, n)
        assert [h.hex() for h in proof] == case["path"], case
        assert merkle.verify_inclusion(merkle.leaf_hash(leaves[i]), i, n, proof, roots[n - 1])
    for case in VECTORS["consistency_proofs"]:
        m, n = case["first"], case["second"]
        proof = merkle.consistency_proof(tree.node, m, n)
        assert [h.hex() for h in proof] == case["proof"], case
        assert merkle.verify_consistency(m, n, roots[m - 1], roots[n - 1], proof)


def test_every_size_up_to_300_matches_the_naive_definition_and_every_proof_verifies() -> None:
    data = [i.to_bytes(2, "big") for i in range(300)]
    tree = merkle.MemoryTree()
    for n in range(1, 301):
        tree.append_hash(merkle.leaf_hash(data[n - 1]))
        root = tree.root()
        assert root == merkle.mth(data[:n])
        for i in range(0, n, max(1, n // 17)):
            proof = merkle.inclusion_proof(tree.node, i, n)
            assert merkle.verify_inclusion(merkle.leaf_hash(data[i]), i, n, proof, root)
            assert len(proof) <= n.bit_length()
        for m in range(1, n + 1, max(1, n // 13)):
            proof = merkle.consistency_proof(tree.node, m, n)
            assert merkle.verify_consistency(m, n, tree.root(m), root, proof)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(2, 300), data=st.data())
def test_tampered_proofs_and_roots_fail(n: int, data: st.DataObject) -> None:
    leaves = [i.to_bytes(2, "big") for i in range(n)]
    tree = _tree(leaves)
    root = tree.root()
    i = data.draw(st.integers(0, n - 1))
    proof = merkle.inclusion_proof(tree.node, i, n)
    other = (i + 1) % n
    assert not merkle.verify_inclusion(merkle.leaf_hash(leaves[other]), i, n, proof, root)
    assert not merkle.verify_inclusion(merkle.leaf_hash(leaves[i]), i, n, proof, merkle.mth(leaves[:-1]))
    if proof:
        k = data.draw(st.integers(0, len(proof) - 1))
        bad = [*proof[:k], bytes(32), *proof[k + 1 :]]
        assert not merkle.verify_inclusion(merkle.leaf_hash(leaves[i]), i, n, bad, root)
    m = data.draw(st.integers(1, n - 1))
    cproof = merkle.consistency_proof(tree.node, m, n)
    assert not merkle.verify_consistency(m, n, merkle.mth([b"forged", *leaves[1:m]]), root, cproof)
    assert not merkle.verify_consistency(m, n, tree.root(m), merkle.mth([*leaves[:-1], b"forged"]), cproof)


def test_canonical_json_is_rfc_8785_for_leaf_values() -> None:
    assert (
        canonical.dumps({"b": 1, "a": [True, None, "é\n\u2028"], "": {}})
        == '{"":{},"a":[true,null,"é\\n\u2028"],"b":1}'
    )
    # Keys sort by UTF-16 code units: U+1F600 (a surrogate pair, D83D...) sorts before U+FB33.
    assert canonical.dumps({"\ufb33": 1, "\U0001f600": 2}) == '{"\U0001f600":2,"\ufb33":1}'
    for bad in (1.5, 2**53, object()):
        try:
            canonical.dumps({"x": bad})
        except (TypeError, ValueError):
            continue
        raise AssertionError(f"{bad!r} was accepted")
