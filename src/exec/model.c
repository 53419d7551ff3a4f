/* model.c: GeSession::GetCompiledModel. A graph's model is its graph as added, serialized
 * (graph/serialize.c): loading it in any later session compiles the same plan, whose kernels come
 * back from the program cache. A static graph is compiled first, as CANN compiles before it
 * exports, so a graph that cannot compile has no model; a dynamic graph's model is its structure,
 * compiled per shape wherever it is loaded. */
#include "exec.h"

gecl_status gecl_session_graph_serialize(gecl_session session, uint32_t graph_id, void **buffer, size_t *size)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(buffer && size, "buffer and size must not be NULL");
    *buffer = NULL;
    *size = 0;
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    gecl_variant *v = NULL;
    if (!e->dynamic) rc = gecl_entry_variant(s, e, NULL, 0, NULL, NULL, 1, &v);
    gecl_variant_release(v);
    if (!rc) rc = gecl_graph_serialize(e->graph, buffer, size);
    gecl_entry_release(e);
    return rc;
}
