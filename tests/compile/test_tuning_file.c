/* Tuning tables (src/ops/tuning_file.c): the text format read back field by field, every kind
 * of bad line refused whole with the line named, a table in force changing what the lowering
 * emits, and a device's file found through GECL_TUNING_FILE (gecl_rt.cfg.tuning_file) or
 * ignored when it is bad or missing. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ir.h"
#include "plan.h"
#include "runtime.h"
#include "tuning.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

static gecl_device_desc cpu_desc(const char *name)
{
    gecl_device_desc d;
    memset(&d, 0, sizeof d);
    d.type = CL_DEVICE_TYPE_CPU;
    d.max_work_group = 4096;
    snprintf(d.name, sizeof d.name, "%s", name);
    return d;
}

/* Every field as text, for comparing tables. */
static char *table_text(const gecl_tuning *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    gecl_tuning_write(f, t);
    fclose(f);
    return buf;
}

static void test_parse_good(void **state)
{
    (void)state;
    const gecl_device_desc d = cpu_desc("parse good");
    const gecl_tuning *builtin = gecl_tuning_builtin(&d);
    gecl_tuning t = *builtin;
    char why[256] = "";
    const char *text = "# a comment\n\n  gemm 4 8 1 2 32   # trailing comment\r\n"
                       "wino_min_ci 0\n\t\npack_b_bytes 2097152\nconv_cov 3 16 2 1 1";
    assert_int_equal(gecl_tuning_parse(text, &t, why, sizeof why), 1);
    assert_int_equal(t.gemm.rows, 4);
    assert_int_equal(t.gemm.vec, 8);
    assert_int_equal(t.gemm.nvec, 1);
    assert_int_equal(t.gemm.local[0], 2);
    assert_int_equal(t.gemm.local[1], 32);
    assert_int_equal(t.wino_min_ci, 0);
    assert_int_equal(t.pack_b_bytes, 2097152);
    assert_int_equal(t.conv_cov.rows, 3);
    assert_int_equal(t.conv_cov.nvec, 2);
    /* fields the text leaves out keep their values */
    assert_int_equal(t.gemv.nvec, builtin->gemv.nvec);
    assert_int_equal(t.thin_k, builtin->thin_k);
    assert_true(t.name == builtin->name);
}

static void test_parse_bad(void **state)
{
    (void)state;
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"gemm 6 8 2 1 64\nnot_a_field 3\n", "line 2: unknown field 'not_a_field'"},
        {"gemm 6 8 2 1\n", "line 1: 'gemm' takes five numbers"},
        {"gemm 6 8 2 1 64 7\n", "line 1: 'gemm' takes five numbers"},
        {"gemm 6 5 2 1 64\n", "line 1: 'gemm': rows 1-64, vec 1, 2, 3, 4, 8 or 16"},
        {"gemm 0 8 2 1 64\n", "line 1: 'gemm': rows 1-64"},
        {"dot 2 8 4 64 64\n", "local0 x local1 1-1024"},
        {"conv_cov 6 8 1 1 1\n", "'conv_cov': vec must be 16"},
        {"thin_k -1\n", "'thin_k' takes one number from 0 to"},
        {"thin_k 12x\n", "'thin_k' takes one number"},
        {"conv_gemm_pointwise 2\n", "'conv_gemm_pointwise' takes one number from 0 to 1"},
        {"wino_min_ci\n", "'wino_min_ci' takes one number"},
        {"\n\n= 3\n", "line 3: expected a field name"},
    };
    const gecl_device_desc d = cpu_desc("parse bad");
    char *want = table_text(gecl_tuning_builtin(&d));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gecl_tuning t = *gecl_tuning_builtin(&d);
        char why[256] = "";
        if (gecl_tuning_parse(bad[i].text, &t, why, sizeof why) != 0) fail_msg("accepted: %s", bad[i].text);
        if (!strstr(why, bad[i].why)) fail_msg("%s: said '%s', expected '%s'", bad[i].text, why, bad[i].why);
        char *got = table_text(&t); /* nothing of a bad text is applied, not even its good lines */
        assert_string_equal(got, want);
        free(got);
    }
    char long_line[400];
    memset(long_line, 'a', sizeof long_line - 1);
    long_line[sizeof long_line - 1] = '\0';
    gecl_tuning t = *gecl_tuning_builtin(&d);
    char why[256] = "";
    assert_int_equal(gecl_tuning_parse(long_line, &t, why, sizeof why), 0);
    assert_non_null(strstr(why, "line 1: longer than"));
    free(want);
}

/* What gecl_tuning_write writes, gecl_tuning_parse reads back to the same table. */
static void test_round_trip(void **state)
{
    (void)state;
    const gecl_device_desc d = cpu_desc("round trip");
    char *text = table_text(gecl_tuning_builtin(&d));
    gecl_tuning t;
    memset(&t, 0, sizeof t);
    char why[256] = "";
    assert_int_equal(gecl_tuning_parse(text, &t, why, sizeof why), 1);
    char *again = table_text(&t);
    assert_string_equal(again, text);
    free(again);
    free(text);
}

/* The gemm_nn launch of a 64x64x64 MatMulV2 compiled for d. */
static char *gemm_options(const gecl_device_desc *d)
{
    gecl_graph *g;
    OK(gecl_graph_create("mm", &g));
    const gecl_tensor_desc da = {GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {64, 64}};
    gecl_port a, b;
    int32_t mm;
    OK(gecl_graph_add_data(g, "a", 0, &da, &a));
    OK(gecl_graph_add_data(g, "b", 1, &da, &b));
    OK(gecl_graph_add_op(g, "mm", "MatMulV2", 2, (gecl_port[]){a, b}, &mm));
    OK(gecl_graph_set_outputs(g, 1, &(gecl_port){mm, 0}));
    gecl_plan *p = NULL;
    OK(gecl_compile(g, d, &p));
    char *opts = NULL;
    for (size_t s = 0; s < p->n_launches; s++)
        if (p->launches[s].kernel && !strcmp(p->launches[s].kernel, "gemm_nn")) opts = strdup(p->launches[s].options);
    assert_non_null(opts);
    gecl_plan_free(p);
    gecl_graph_destroy(g);
    return opts;
}

static void test_table_in_force(void **state)
{
    (void)state;
    const gecl_device_desc d = cpu_desc("in force");
    gecl_tuning t = *gecl_tuning_builtin(&d);
    t.gemm = (gecl_tile){.rows = 3, .vec = 4, .nvec = 2, .local = {2, 2}};
    gecl_tuning_set(&d, &t);
    assert_int_equal(gecl_tuning_for(&d)->gemm.rows, 3);
    char *opts = gemm_options(&d);
    assert_non_null(strstr(opts, "-DMM_TM=3 "));
    assert_non_null(strstr(opts, "-DMM_VW=4 "));
    assert_non_null(strstr(opts, "-DMM_NV=2 "));
    free(opts);
    /* another device keeps the built-in table */
    const gecl_device_desc other = cpu_desc("another device");
    assert_true(gecl_tuning_for(&other) == gecl_tuning_builtin(&other));
    gecl_tuning_set(&d, NULL);
    opts = gemm_options(&d);
    char want[32];
    snprintf(want, sizeof want, "-DMM_TM=%u ", gecl_tuning_builtin(&d)->gemm.rows);
    assert_non_null(strstr(opts, want));
    free(opts);
}

/* GECL_TUNING_FILE: a good file is in force; a bad or missing one leaves the built-in table. */
static void test_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/gecl-tuning-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/table.txt", dir);
    snprintf(gecl_rt.cfg.tuning_file, sizeof gecl_rt.cfg.tuning_file, "%s", path);
    const gecl_device_desc d = cpu_desc("from a file");
    const gecl_tuning *builtin = gecl_tuning_builtin(&d);
    static const struct {
        const char *text;
        int used;
    } files[] = {{"# good\ngemm 5 4 1 1 8\ncov_min_k 512\n", 1}, {"gemm 5 4 1 1 8\ngemm 5 4\n", 0},
                 {"gemm 5 4 1 1 8\n\0hidden 1\n", 0}, {NULL, 0}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        unlink(path);
        if (files[i].text) {
            FILE *f = fopen(path, "wb");
            assert_non_null(f);
            fwrite(files[i].text, 1, strlen(files[i].text) + (i == 2 ? 10 : 0), f);
            fclose(f);
        }
        gecl_tuning_set(&d, NULL); /* look for the file again */
        const gecl_tuning *t = gecl_tuning_for(&d);
        if (files[i].used) {
            assert_int_equal(t->gemm.rows, 5);
            assert_int_equal(t->cov_min_k, 512);
            assert_int_equal(t->thin_k, builtin->thin_k);
        } else {
            assert_true(t == builtin);
        }
    }
    unlink(path);
    rmdir(dir);
    gecl_rt.cfg.tuning_file[0] = '\0';
    gecl_tuning_set(&d, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good), cmocka_unit_test(test_parse_bad), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_table_in_force), cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
