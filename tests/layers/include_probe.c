/* Compiled with the settings of one layer of the library (CMakeLists.txt here): includes
 * GECL_PROBE_HEADER, a header of that layer (must build) or of a later one (must not). */
#include GECL_PROBE_HEADER

int gecl_include_probe(void);
int gecl_include_probe(void) { return 0; }
