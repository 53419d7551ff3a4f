# docs/ops.md must be exactly what `gecl ops` prints, so the operator documentation cannot drift
# from op_table.h and op_attrs.h. Run as: cmake -DGECL=<gecl binary> -DDOC=<docs/ops.md> -P this.
execute_process(COMMAND ${GECL} ops OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "`gecl ops` failed with ${rc}")
endif()
file(READ ${DOC} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "${DOC} differs from `gecl ops`: regenerate it with `build/bin/gecl ops > docs/ops.md`")
endif()
