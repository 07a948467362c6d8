"""Delegates' script runs take turns, oldest browser session first (ui/run_order.py)."""
import threading
import time

from ui.run_order import OldestFirst


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _in_thread(gate: OldestFirst, priority: float, out: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: out.append((priority, gate.acquire(priority))))
    thread.start()
    return thread


def test_waiting_runs_are_served_oldest_first_whatever_order_they_asked_in():
    gate = OldestFirst(1)
    first = gate.acquire(0)  # a run is drawing
    served: list[float] = []

    def run(priority: float) -> None:
        ticket = gate.acquire(priority)
        served.append(priority)
        gate.release(ticket)

    threads = []
    for priority in (5.0, 2.0, 9.0, 1.0, 7.0):  # sessions that arrived at these times ask in this order
        threads.append(threading.Thread(target=run, args=(priority,)))
        threads[-1].start()
        _wait_until(lambda n=len(threads): gate.waiting() == n)
    gate.release(first)
    for thread in threads:
        thread.join(5)
    assert served == [1.0, 2.0, 5.0, 7.0, 9.0]


def test_slots_bound_the_runs_drawing_together_and_a_release_hands_the_slot_on():
    gate = OldestFirst(2)
    a, b = gate.acquire(3), gate.acquire(4)
    assert a is not None and b is not None
    got: list = []
    thread = _in_thread(gate, 5, got)
    _wait_until(lambda: gate.waiting() == 1)  # both slots taken: it waits
    time.sleep(0.05)
    assert got == []
    gate.release(a)
    thread.join(5)
    assert got and got[0][1] is not None  # the released slot went to the waiting run
    late: list = []
    newcomer = _in_thread(gate, 1, late)  # older, but the slot is no longer free
    _wait_until(lambda: gate.waiting() == 1)
    gate.release(b)
    newcomer.join(5)
    assert late[0][1] is not None
    gate.release(got[0][1])
    gate.release(late[0][1])
    assert gate.acquire(8) is not None and gate.acquire(9) is not None  # both slots came back


def test_a_stuck_turn_lets_the_waiting_runs_go_ahead_without_one():
    gate = OldestFirst(1, stuck_after=0.2, check_every=0.02)
    stuck = gate.acquire(0)
    got: list = []
    started = time.monotonic()
    thread = _in_thread(gate, 1, got)
    thread.join(5)
    assert got == [(1, None)]  # went ahead without a turn …
    assert time.monotonic() - started >= 0.2  # … only once the holder had held it too long
    assert gate.waiting() == 0
    gate.release(stuck)
    assert gate.acquire(2) is not None  # the stuck run's release frees the slot


def test_a_long_queue_of_short_turns_is_not_stuck_and_keeps_its_order():
    gate = OldestFirst(1, stuck_after=0.3, check_every=0.02)
    holder = gate.acquire(0)
    served: list[float] = []

    def run(priority: float) -> None:
        ticket = gate.acquire(priority)
        assert ticket is not None  # every run got its turn: none went ahead
        served.append(priority)
        time.sleep(0.1)  # each turn is short, the whole queue far longer than stuck_after
        gate.release(ticket)

    threads = [threading.Thread(target=run, args=(p,)) for p in (4.0, 3.0, 2.0, 1.0, 5.0, 6.0)]
    for thread in threads:
        thread.start()
    _wait_until(lambda: gate.waiting() == len(threads))
    gate.release(holder)
    for thread in threads:
        thread.join(5)
    assert served == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
