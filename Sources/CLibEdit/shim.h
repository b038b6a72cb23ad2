#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H
// Typed wrappers for libedit's variadic el_set / el_get / history, which Swift cannot call.
#include <stdio.h>
#include <histedit.h>
#endif
