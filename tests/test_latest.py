"""`ui.latest`: one value per key (the newest version's), a bounded number of keys, and one
computation per new version however many callers ask at once."""
import threading
import time

from ui.latest import LatestStore


def test_a_new_version_replaces_the_old_value():
    store = LatestStore()
    assert store.get("s1", 1, lambda: "one") == "one"
    assert store.get("s1", 1, lambda: "never") == "one"  # the same version: computed once
    assert store.get("s1", 2, lambda: "two") == "two"
    assert store.get("s1", 1, lambda: "one again") == "one again"  # nothing of version 1 was kept
    assert len(store) == 1


def test_the_number_of_keys_is_bounded_least_recently_used_first_out():
    store = LatestStore(max_keys=3)
    for key in "abc":
        store.get(key, 1, lambda k=key: k)
    store.get("a", 1, lambda: "recomputed")  # "a" is used again: "b" is now the oldest
    store.get("d", 1, lambda: "d")
    assert len(store) == 3
    assert store.get("a", 1, lambda: "gone") == "a" and store.get("b", 1, lambda: "b was dropped") == "b was dropped"


def test_callers_at_once_share_one_computation():
    store, calls, results = LatestStore(), [], []

    def slow():
        calls.append(1)
        time.sleep(0.05)
        return object()

    threads = [threading.Thread(target=lambda: results.append(store.get("s", 7, slow))) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(r) for r in results}) == 1
