"""Each batch names the earlier batches sharing a key with it; the others may run beside it."""

from __future__ import annotations

from imports.batch_order import BatchOrder
from imports.rows.seen import SeenMap, key_of


def person(pnr: str, **extra) -> dict:
    return {"row_no": 2, "first_name": "Åsa", "last_name": "Berg", "personnummer": pnr,
            "kind": "person", **extra}


def test_batches_sharing_no_key_wait_for_none():
    order = BatchOrder("customers", "personnummer")
    assert order.after(1, [person("198102030000"), person("198102030001")]) == []
    assert order.after(2, [person("198102030002")]) == []
    assert order.after(3, [person("198102030003")]) == []


def test_a_repeated_personnummer_waits_for_the_latest_batch_that_had_it():
    """Batch 4 depends on 3 (not 1): 3 waited for 1, so both are committed before 4."""
    order = BatchOrder("customers", "email")
    assert order.after(1, [person("198102030000", email="a@x.se")]) == []
    assert order.after(2, [person("198102030001", email="b@x.se")]) == []
    assert order.after(3, [person("198102030000", email="c@x.se")]) == [1]
    assert order.after(4, [person("198102030000", email="d@x.se"),
                           person("198102030001", email="e@x.se")]) == [3, 2]


def test_the_match_column_is_a_key_as_the_registry_compares_it():
    order = BatchOrder("customers", "email")
    order.after(1, [{"row_no": 2, "email": "Asa@X.se", "kind": "person"}])
    assert order.after(2, [{"row_no": 3, "email": " asa@x.se", "kind": "person"}]) == [1]
    numbers = BatchOrder("customers", "external_number")
    numbers.after(1, [{"row_no": 2, "external_number": "K-17"}])
    assert numbers.after(2, [{"row_no": 3, "external_number": "k-17"}]) == []  # not folded
    assert numbers.after(3, [{"row_no": 4, "external_number": "K-17"}]) == [1]


def test_an_e_mail_is_no_key_unless_matched_on():
    """Duplicate e-mails are the file's business (usernames): the registry does not look them
    up, so they need no order there."""
    order = BatchOrder("customers", "personnummer")
    order.after(1, [person("198102030000", email="a@x.se")])
    assert order.after(2, [person("198102030001", email="a@x.se")]) == []


def test_a_family_is_a_key_and_an_employee_waits_for_its_company():
    order = BatchOrder("customers", "personnummer")
    order.after(1, [person("198102030000", family="Berg")])
    order.after(2, [{"row_no": 9, "kind": "company", "name": "Friskvård AB"}])
    assert order.after(3, [person("198102030001", family="Berg")]) == [1]
    assert order.after(4, [person("198102030002", company="friskvård ab ")]) == [2]


def test_companies_of_one_name_do_not_wait_for_each_other():
    """Two company rows named alike are two companies, in either order (the generated
    registers repeat four company names through the whole file)."""
    order = BatchOrder("customers", "personnummer")
    company = {"row_no": 9, "kind": "company", "name": "Friskvård AB"}
    assert [order.after(n, [company]) for n in (1, 2, 3)] == [[], [], []]
    assert order.after(4, [person("198102030002", company="Friskvård AB")]) == [3]


def test_other_kinds_keep_the_whole_order():
    order = BatchOrder("group_members", "personnummer")
    assert [order.after(n, [{"row_no": n}]) for n in (4, 5, 6)] == [[], [4], [5]]


def test_a_dry_run_waits_for_nothing():
    order = BatchOrder("customers", "personnummer", dry_run=True)
    order.after(1, [person("198102030000")])
    assert order.after(2, [person("198102030000")]) == []


def test_the_map_replaces_and_returns_the_earlier_value_through_growth():
    seen = SeenMap(capacity=4)
    assert [seen.replace(key_of(f"k{n}"), n) for n in range(100)] == [None] * 100
    assert [seen.replace(key_of(f"k{n}"), n + 1000) for n in range(100)] == list(range(100))
    assert seen.first("k7", 5) == (1007, 0)


def test_a_narrow_map_holds_32_bit_keys_in_half_the_room():
    wide, narrow = SeenMap(capacity=1 << 10), SeenMap(capacity=1 << 10, narrow=True)
    for n in range(1, 400):
        wide.replace(n * 7_919, n)
        narrow.replace(n * 7_919, n)
    assert narrow.replace(7_919 * 5, 0) == 5 and narrow.replace(2**32 - 1, 1) is None
    assert narrow._keys.itemsize * 2 == wide._keys.itemsize
