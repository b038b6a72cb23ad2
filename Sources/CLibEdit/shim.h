#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H
// Typed wrappers for libedit's variadic el_set / el_get / history, which Swift cannot call, and for the
// C globals (stdin, stdout, stderr) that Swift 6 refuses to touch. No C sources: everything is static inline.
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <locale.h>
#include <histedit.h>

typedef char *(*clibedit_prompt_fn)(EditLine *);
typedef unsigned char (*clibedit_command_fn)(EditLine *, int);

/* ---------------- editor ---------------- */

static inline EditLine *clibedit_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}
static inline int clibedit_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int clibedit_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
/* The prompt may contain colour escapes between two `ignore` characters (EL_PROMPT_ESC). */
static inline int clibedit_set_prompt_esc(EditLine *el, clibedit_prompt_fn fn, char ignore) {
    return el_set(el, EL_PROMPT_ESC, fn, ignore);
}
static inline int clibedit_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *clibedit_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int clibedit_add_function(EditLine *el, const char *name, const char *help, clibedit_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int clibedit_bind(EditLine *el, const char *key, const char *name) {
    return el_set(el, EL_BIND, key, name, (const char *)NULL);
}
static inline int clibedit_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int clibedit_source(EditLine *el) {
    return el_source(el, NULL);
}
/* Terminal width in columns as libedit knows it (updated on SIGWINCH); 80 when unknown. */
static inline int clibedit_columns(EditLine *el) {
    int cols = 0;
    if (el_get(el, EL_GETTC, "co", &cols, (void *)NULL) != 0 || cols <= 0) return 80;
    return cols;
}

/* ---------------- history ---------------- */

static inline int clibedit_history_setsize(History *h, int n) {
    HistEvent ev; return history(h, &ev, H_SETSIZE, n);
}
static inline int clibedit_history_setunique(History *h, int on) {
    HistEvent ev; return history(h, &ev, H_SETUNIQUE, on);
}
static inline int clibedit_history_enter(History *h, const char *line) {
    HistEvent ev; return history(h, &ev, H_ENTER, line);
}
static inline int clibedit_history_load(History *h, const char *path) {
    HistEvent ev; return history(h, &ev, H_LOAD, path);
}
static inline int clibedit_history_save(History *h, const char *path) {
    HistEvent ev; return history(h, &ev, H_SAVE, path);
}
static inline int clibedit_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return 0;
    return ev.num;
}
/* Walk from the oldest entry to the newest: oldest() first, then newer() until NULL. */
static inline const char *clibedit_history_oldest(History *h) {
    HistEvent ev;
    return history(h, &ev, H_LAST) < 0 ? NULL : ev.str;
}
static inline const char *clibedit_history_newer(History *h) {
    HistEvent ev;
    return history(h, &ev, H_PREV) < 0 ? NULL : ev.str;
}

/* ---------------- locale and signals ---------------- */

/* libedit decodes keyboard input with mbrtowc: without the user's locale non-ASCII input is dropped. */
static inline void clibedit_use_environment_locale(void) {
    setlocale(LC_CTYPE, "");
}

/* sigaction without SA_RESTART, so a blocking read() returns EINTR on Ctrl-C
   (glibc's signal() uses BSD semantics, which restart the read). */
static inline int clibedit_install_sigint(void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(SIGINT, &sa, NULL);
}

static inline void clibedit_flush_stdout(void) { fflush(stdout); }

#endif /* CLIBEDIT_SHIM_H */
