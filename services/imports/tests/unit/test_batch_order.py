"""Each batch names the earlier batches it must follow; the others may be written beside it."""

from __future__ import annotations

import random

from imports.domain.batch_order import BatchOrder


def person(pnr: str, **extra) -> dict:
    return {
        "row_no": 2,
        "first_name": "Åsa",
        "last_name": "Berg",
        "personnummer": pnr,
        "kind": "person",
        **extra,
    }


def test_batches_sharing_no_key_wait_for_none_within_the_window():
    order = BatchOrder("customers", "personnummer", window=8)
    assert [order.after(n, [person(f"1981020300{n:02d}")]) for n in range(1, 10)] == [[]] * 9


def test_a_repeated_personnummer_waits_for_the_latest_batch_that_had_it():
    """Batch 4 depends on 3 (not 1): 3 waited for 1, so both are committed before 4."""
    order = BatchOrder("customers", "email")
    assert order.after(1, [person("198102030000", email="a@x.se")]) == []
    assert order.after(2, [person("198102030001", email="b@x.se")]) == []
    assert order.after(3, [person("198102030000", email="c@x.se")]) == [1]
    assert order.after(
        4, [person("198102030000", email="d@x.se"), person("198102030001", email="e@x.se")]
    ) == [3, 2]


def test_batches_older_than_the_window_are_waited_for_by_the_window_before_it():
    """With a window of 2, batch 17 always waits for 12, 13 and 14: committed 14 means all up
    to 11 are, so 17 remembers the keys of 15 and 16 only."""
    order = BatchOrder("customers", "personnummer", window=2)
    got = [order.after(n, [person(f"1981020300{n:02d}")]) for n in range(10, 18)]
    assert got == [[], [], [], [10], [11, 10], [12, 11, 10], [13, 12, 11], [14, 13, 12]]


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


def test_a_family_and_a_company_name_are_keys():
    order = BatchOrder("customers", "personnummer")
    order.after(1, [person("198102030000", family="Berg")])
    order.after(2, [{"row_no": 9, "kind": "company", "name": "Friskvård AB"}])
    assert order.after(3, [person("198102030001", family="Berg")]) == [1]
    assert order.after(4, [person("198102030002", company="friskvård ab ")]) == [2]


def test_other_kinds_keep_the_whole_order():
    order = BatchOrder("group_members", "personnummer")
    assert [order.after(n, [{"row_no": n}]) for n in (4, 5, 6)] == [[], [4], [5]]


def test_a_dry_run_waits_for_nothing():
    order = BatchOrder("customers", "personnummer", dry_run=True)
    order.after(1, [person("198102030000")])
    assert order.after(2, [person("198102030000")]) == []


def test_every_earlier_batch_sharing_a_key_is_committed_first():
    """Random files: whatever a batch waits for, transitively, includes every earlier batch
    holding one of its keys, as one worker taking them in file order would have."""
    rng = random.Random(7)
    for window in (1, 2, 3, 8):
        order = BatchOrder("customers", "personnummer", window=window)
        holders: dict[str, list[int]] = {}
        before: dict[int, set[int]] = {}  # batch → every batch committed before it starts
        for n in range(1, 60):
            rows = [person(str(rng.randrange(40))) for _ in range(3)]
            waits = order.after(n, rows)
            assert all(w < n for w in waits)
            before[n] = set(waits).union(*(before[w] for w in waits))
            for row in rows:  # (a key twice in one batch is the registry's row order)
                key = row["personnummer"]
                earlier = {h for h in holders.get(key, ()) if h < n}
                assert earlier <= before[n], (window, n, key)
                holders.setdefault(key, []).append(n)


def test_companies_of_one_name_do_not_wait_for_each_other():
    order = BatchOrder("customers", "personnummer")
    company = {"row_no": 9, "kind": "company", "name": "Friskvård AB"}
    assert [order.after(n, [company]) for n in (1, 2, 3)] == [[], [], []]
    assert order.after(4, [person("198102030002", company="Friskvård AB")]) == [3]


def test_a_company_row_of_one_name_and_e_mail_waits_for_the_one_before():
    """Without an org number the registry finds a company by name and e-mail together: the
    same pair again is the same company, so its batch follows the earlier one."""
    order = BatchOrder("customers", "personnummer")
    north = {"row_no": 9, "kind": "company", "name": "Kontorsgruppen AB", "email": "n@k.se"}
    assert order.after(1, [north]) == []
    assert order.after(2, [{**north, "email": "s@k.se"}]) == []  # another branch
    assert order.after(3, [{**north, "name": "kontorsgruppen ab ", "email": "N@k.se"}]) == [1]
    with_number = BatchOrder("customers", "personnummer")
    with_number.after(1, [{**north, "org_number": "5566778899"}])
    assert with_number.after(2, [{**north, "org_number": "5566778800"}]) == []
