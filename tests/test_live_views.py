"""`ui.results.watch` reruns one fragment from another with Streamlit's own rerun request; this
checks that the installed Streamlit still offers what it uses, so an upgrade that removes it
fails here (the views would still work, by rerunning whole pages, but cost several times more)."""
import dataclasses
import threading

#: What the pages of the gate's test share (an AppTest script imports this module).
DRAWS = {"now": 0, "most": 0}
GUARD = threading.Lock()


def test_streamlit_still_offers_a_fragment_scoped_rerun_request():
    from streamlit.runtime.fragment import MemoryFragmentStorage
    from streamlit.runtime.scriptrunner import RerunData, ScriptRunContext

    fields = {f.name for f in dataclasses.fields(RerunData)}
    assert {"fragment_id_queue", "is_fragment_scoped_rerun", "query_string", "page_script_hash",
            "cached_message_hashes", "context_info"} <= fields
    assert "resolve_target" in dir(MemoryFragmentStorage)
    assert {"script_requests", "fragment_storage", "query_string", "cached_message_hashes", "context_info"} <= {
        f.name for f in dataclasses.fields(ScriptRunContext)}
    assert hasattr(ScriptRunContext, "page_script_hash")
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests

    assert callable(ScriptRequests.request_rerun)


def test_live_views_of_a_process_draw_one_at_a_time_and_a_failing_draw_gives_the_turn_back():
    """After a submission every open view redraws; drawn together they held every delegate's answer
    behind them (bench.capacity), so `watch` lets one draw at a time. Four pages drawing at once here
    never overlap, and a draw that raises still hands the turn on."""
    import time

    from streamlit.testing.v1 import AppTest

    from ui import results

    def page():
        import time

        import streamlit as st

        from tests.test_live_views import DRAWS as state
        from tests.test_live_views import GUARD as guard
        from ui import results

        def draw():
            with guard:
                state["now"] += 1
                state["most"] = max(state["most"], state["now"])
            time.sleep(0.15)
            with guard:
                state["now"] -= 1
            if st.session_state.get("fail"):
                raise RuntimeError("a draw that fails")
            st.write("drawn")

        results.watch(lambda: 1, draw, key="gated")

    state = DRAWS
    tests = [AppTest.from_function(page, default_timeout=30) for _ in range(4)]
    tests[0].session_state["fail"] = True
    threads = [threading.Thread(target=t.run) for t in tests]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert state["most"] == 1
    assert time.monotonic() - started >= 4 * 0.15  # one after another
    assert [bool(t.exception) for t in tests] == [True, False, False, False]
    assert all(any(m.value == "drawn" for m in t.markdown) for t in tests[1:])
    assert results._redraws.acquire(timeout=1)  # the turn was handed back every time, the failing draw's too
    results._redraws.release()
