// Replaced by the CLI implementation.
#include "adapters/cli/cli.h"
