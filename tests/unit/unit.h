/* Helpers shared by the criterion unit tests. */
#ifndef HVNET_UNIT_H
#define HVNET_UNIT_H

#include <criterion/criterion.h>

#include "diag.h"
#include "hvnetc.h"

#endif
