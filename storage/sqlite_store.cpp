// Replaced by the storage implementation.
#include "engine/runtime/store.h"
