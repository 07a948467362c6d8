"""`ui.results.watch` reruns one fragment from another with Streamlit's own rerun request; this
checks that the installed Streamlit still offers what it uses, so an upgrade that removes it
fails here (the views would still work, by rerunning whole pages, but cost several times more)."""
import dataclasses


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
