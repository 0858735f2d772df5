// Replaced by the calendar implementation.
#include "engine/calendar/calendar.h"
