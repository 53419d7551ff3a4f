/* test_onnx.c: `gecl test-onnx [--jobs N] [--timeout S] [--expect LIST] DIR...`. Each DIR is an
 * ONNX backend test case; each runs in a child process of its own, so a case that crashes or
 * hangs is reported as its FAIL and the others go on. One line per case (PASS / FAIL: why / SKIP:
 * why), then "N passed, M failed, K skipped". A DIR without model.onnx stands for the cases in
 * its subfolders (gecl test-onnx /usr/share/libonnx-testdata/data/node). Exit status 1 when a case failed; with --expect,
 * 1 exactly when a case named in LIST (one name per line, # comments) did not pass, so a list of
 * known passes guards against regressions while the rest may fail; --except LIST2 takes cases off
 * that list (those a device differs on, with the reason in LIST2). */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "onnx_case.h"

typedef struct child {
    pid_t pid;
    int fd;
    const char *dir;
    struct timespec start;
} child;

typedef struct totals {
    int passed, failed, skipped, regressed;
    char **expect, **except; /* --expect: must pass; --except: taken off that list (device differences) */
    size_t n_expect, n_except;
} totals;

static const char *case_name(const char *dir)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s", dir);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/') buf[--n] = 0;
    const char *slash = strrchr(buf, '/');
    return slash ? slash + 1 : buf;
}

static int listed(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], name)) return 1;
    return 0;
}

static int expected(const totals *t, const char *name)
{
    return listed(t->expect, t->n_expect, name) && !listed(t->except, t->n_except, name);
}

/* Names listed in `path` (one per line, # comments) appended to *names. */
static int load_list(const char *path, char ***names, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gecl test-onnx: cannot read list '%s': %s\n", path, strerror(errno));
        return -1;
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n# \t")] = 0;
        if (!*line) continue;
        char **v = realloc(*names, (*n + 1) * sizeof *v);
        if (!v || !(v[*n] = strdup(line))) {
            fclose(f);
            return -1;
        }
        *names = v;
        (*n)++;
    }
    fclose(f);
    return 0;
}

/* In the child: run the case, write "P|F|S reason" to fd, exit. */
static void run_child(const char *dir, int fd)
{
    char why[4096] = "";
    case_verdict v = onnx_case_run(dir, why, sizeof why);
    char line[4200];
    int n = snprintf(line, sizeof line, "%c %s", v == CASE_PASS ? 'P' : v == CASE_SKIP ? 'S' : 'F', why);
    if (write(fd, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1)) < 0) _exit(3);
    exit(0); /* not _exit: atexit checks (LeakSanitizer) run, and a leak fails the case */
}

static int start(child *c, const char *dir)
{
    int p[2];
    if (pipe(p)) return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        close(p[0]);
        run_child(dir, p[1]);
    }
    close(p[1]);
    *c = (child){pid, p[0], dir, {0, 0}};
    clock_gettime(CLOCK_MONOTONIC, &c->start);
    return 0;
}

static void report(totals *t, const char *dir, char kind, const char *why)
{
    const char *name = case_name(dir);
    if (kind == 'P') t->passed++, printf("PASS %s\n", name);
    else if (kind == 'S') t->skipped++, printf("SKIP %s: %s\n", name, why);
    else t->failed++, printf("FAIL %s: %s\n", name, why);
    if (kind != 'P' && expected(t, name)) t->regressed++, printf("REGRESSED %s: listed as passing\n", name);
    fflush(stdout);
}

/* Collects a finished child: its line, or how it died. */
static void finish(child *c, int status, totals *t, int timed_out)
{
    char buf[4200] = "";
    ssize_t n = read(c->fd, buf, sizeof buf - 1);
    close(c->fd);
    buf[n > 0 ? n : 0] = 0;
    char why[4400];
    if (timed_out) snprintf(why, sizeof why, "timed out (killed)");
    else if (WIFSIGNALED(status)) snprintf(why, sizeof why, "crashed (signal %d, %s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (n < 2 || !WIFEXITED(status) || WEXITSTATUS(status)) snprintf(why, sizeof why, "the case process exited with %d and no verdict", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    else {
        report(t, c->dir, buf[0], buf + 2);
        return;
    }
    report(t, c->dir, 'F', why);
}

static double elapsed(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) + (now.tv_nsec - since->tv_nsec) / 1e9;
}

/* Waits for any child; kills those past the timeout. Returns the slot freed. */
static int reap(child *kids, int n_kids, double timeout, totals *t)
{
    for (;;) {
        for (int i = 0; i < n_kids; i++) {
            if (!kids[i].pid) continue;
            int status;
            pid_t r = waitpid(kids[i].pid, &status, WNOHANG);
            int late = r == 0 && elapsed(&kids[i].start) > timeout;
            if (late) {
                kill(kids[i].pid, SIGKILL);
                waitpid(kids[i].pid, &status, 0);
            }
            if (r == kids[i].pid || late) {
                finish(&kids[i], status, t, late);
                kids[i].pid = 0;
                return i;
            }
        }
        const struct timespec tick = {0, 2 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
}

static int has_model(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/model.onnx", dir) >= (int)sizeof path) return 0;
    return access(path, R_OK) == 0;
}

static int is_dir(const struct dirent *e) { return e->d_name[0] != '.'; }
static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

/* The case folders the arguments name: each DIR with a model.onnx, else its subfolders that
 * have one. NULL-terminated, malloc'd strings. */
static char **collect_cases(int argc, char **argv, size_t *n)
{
    char **v = NULL;
    *n = 0;
    for (int i = 0; i < argc; i++) {
        struct dirent **sub = NULL;
        int m = has_model(argv[i]) ? 0 : scandir(argv[i], &sub, is_dir, by_name);
        for (int k = -1; k < (m > 0 ? m : 0); k++) {
            char path[4096];
            if (k < 0 && m > 0) continue;
            snprintf(path, sizeof path, "%s", argv[i]);
            if (k >= 0) snprintf(path, sizeof path, "%s/%s", argv[i], sub[k]->d_name);
            if (k >= 0 && !has_model(path)) continue;
            char **w = realloc(v, (*n + 2) * sizeof *w);
            if (!w) break;
            v = w;
            v[(*n)++] = strdup(path);
            v[*n] = NULL;
        }
        for (int k = 0; k < m; k++) free(sub[k]);
        free(sub);
    }
    return v;
}

int cli_test_onnx(int argc, char **argv)
{
    int jobs = 1;
    double timeout = 120;
    totals t = {0};
    int first = 0;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "--jobs") && first + 1 < argc) jobs = atoi(argv[++first]);
        else if (!strcmp(argv[first], "--timeout") && first + 1 < argc) timeout = atof(argv[++first]);
        else if (!strcmp(argv[first], "--expect") && first + 1 < argc) {
            if (load_list(argv[++first], &t.expect, &t.n_expect)) return 2;
        } else if (!strcmp(argv[first], "--except") && first + 1 < argc) {
            if (load_list(argv[++first], &t.except, &t.n_except)) return 2;
        } else {
            fprintf(stderr, "gecl test-onnx: unknown option '%s'\n", argv[first]);
            return 2;
        }
    }
    if (first == argc || jobs < 1 || jobs > 64 || timeout <= 0) {
        fprintf(stderr, "usage: gecl test-onnx [--jobs N] [--timeout SECONDS] [--expect LIST [--except LIST]] "
                        "CASE_DIR...\n");
        return 2;
    }
    size_t n_cases;
    char **cases = collect_cases(argc - first, argv + first, &n_cases);
    child kids[64] = {{0}};
    int running = 0;
    for (size_t i = 0; i < n_cases; i++) {
        int slot = 0;
        if (running == jobs) slot = reap(kids, jobs, timeout, &t), running--;
        else while (kids[slot].pid) slot++;
        if (!cases[i] || start(&kids[slot], cases[i])) {
            report(&t, cases[i] ? cases[i] : "?", 'F', "could not start a process for it");
            continue;
        }
        running++;
    }
    while (running) reap(kids, jobs, timeout, &t), running--;
    for (size_t i = 0; i < n_cases; i++) free(cases[i]);
    free(cases);
    printf("%d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped);
    for (size_t i = 0; i < t.n_expect; i++) free(t.expect[i]);
    for (size_t i = 0; i < t.n_except; i++) free(t.except[i]);
    free(t.expect);
    free(t.except);
    if (t.n_expect) {
        if (t.regressed) printf("%d case(s) listed as passing did not pass\n", t.regressed);
        return t.regressed ? 1 : 0;
    }
    return t.failed ? 1 : 0;
}
