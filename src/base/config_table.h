/* config_table.h: every runtime option, declared once. Each option can be set in aclInit's JSON
 * file (inside a "gecl" object, by its key) and by its environment variable; the environment
 * wins. X(key, env, type, default, doc) with type STR, BOOL or SIZE (bytes, with an optional K, M or G
 * suffix: powers of 1024). */
#ifndef GECL_BASE_CONFIG_TABLE_H
#define GECL_BASE_CONFIG_TABLE_H

#define GECL_CONFIG_TABLE(X)                                                                      \
    X(platform, "GECL_PLATFORM", STR, "",                                                         \
      "keep only devices whose OpenCL platform name contains this text (case-insensitive)")     \
    X(device_type, "GECL_DEVICE_TYPE", STR, "all",                                                \
      "keep only devices of one type: gpu, cpu, accelerator or all")                             \
    X(cache_dir, "GECL_CACHE_DIR", STR, "",                                                       \
      "directory of the on-disk program cache; default $XDG_CACHE_HOME/gecl or ~/.cache/gecl")   \
    X(disk_cache, "GECL_DISK_CACHE", BOOL, "1", "0 turns the on-disk program cache off")          \
    X(tuning_file, "GECL_TUNING_FILE", STR, "",                                                   \
      "the kernel tuning table to read (and gecl tune to write); default the cache folder's "     \
      "tuning-<device key>.txt")                                                                  \
    X(profile, "GECL_PROFILE", BOOL, "0",                                                         \
      "1 times every kernel of every loaded graph and prints the totals when the graph is unloaded") \
    X(log, "GECL_LOG", STR, "off", "log to stderr at this level: off, error, warning, info, debug")   \
    X(device_memory, "GECL_DEVICE_MEMORY", SIZE, "0",                                             \
      "device memory gecl hands out per device (aclrtMalloc and loaded graphs together), at most "  \
      "what the driver reports; 0: all of it")

#endif
