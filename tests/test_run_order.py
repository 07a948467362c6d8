"""Full runs take turns, oldest browser session first (ui/run_order.py)."""
import threading
import time

from ui.run_order import OldestFirst


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_waiting_runs_are_served_oldest_first_whatever_order_they_asked_in():
    gate = OldestFirst(1)
    assert gate.acquire(priority=0, timeout=1)  # a run is drawing
    served: list[float] = []

    def run(priority: float) -> None:
        assert gate.acquire(priority, timeout=10)
        served.append(priority)
        gate.release()

    threads = []
    for priority in (5.0, 2.0, 9.0, 1.0, 7.0):  # sessions that arrived at these times ask in this order
        threads.append(threading.Thread(target=run, args=(priority,)))
        threads[-1].start()
        _wait_until(lambda n=len(threads): gate.waiting() == n)
    gate.release()
    for thread in threads:
        thread.join(5)
    assert served == [1.0, 2.0, 5.0, 7.0, 9.0]


def test_a_free_slot_is_taken_at_once_and_slots_bound_the_runs_drawing_together():
    gate = OldestFirst(2)
    assert gate.acquire(3, timeout=0) and gate.acquire(4, timeout=0)
    assert not gate.acquire(1, timeout=0.05)  # both slots taken: even the oldest waits
    gate.release()
    assert gate.acquire(1, timeout=0)
    gate.release()
    gate.release()
    assert gate.acquire(8, timeout=0) and gate.acquire(9, timeout=0)


def test_a_run_that_waited_too_long_goes_ahead_and_its_place_is_skipped():
    gate = OldestFirst(1)
    assert gate.acquire(0, timeout=1)
    assert gate.acquire(1, timeout=0.05) is False  # gave up: runs without a turn
    assert gate.waiting() == 0
    later = []
    thread = threading.Thread(target=lambda: later.append(gate.acquire(2, timeout=5)))
    thread.start()
    _wait_until(lambda: gate.waiting() == 1)
    gate.release()  # passes over the given-up place to the run still waiting
    thread.join(5)
    assert later == [True]
    gate.release()
    assert gate.acquire(3, timeout=0)  # and the slot came back


def test_a_release_hands_the_slot_on_so_no_newcomer_overtakes_a_waiting_run():
    gate = OldestFirst(1)
    assert gate.acquire(0, timeout=1)
    got = []
    thread = threading.Thread(target=lambda: got.append(gate.acquire(5, timeout=5)))
    thread.start()
    _wait_until(lambda: gate.waiting() == 1)
    gate.release()
    thread.join(5)
    assert got == [True]
    assert not gate.acquire(1, timeout=0)  # the slot went to the waiting run, not to this older newcomer
    gate.release()
