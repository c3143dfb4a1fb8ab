/*
 * visibility.h — need to know (SPEC §5): the one function that decides what
 * a person may see of an issue. Every output of vigil that shows issue data
 * asks it first, through service/access.c. Default deny: a relation this
 * function does not know gives VIEW_NONE.
 */
#ifndef VIGIL_MODEL_VISIBILITY_H
#define VIGIL_MODEL_VISIBILITY_H

#include "model/issue.h"

/* What rel may see of an issue in state st. */
enum view visibility_view(const struct relation *rel, enum state st);

/* Shorthand: visibility_view() != VIEW_NONE. */
bool visibility_can_see(const struct relation *rel, enum state st);

#endif
