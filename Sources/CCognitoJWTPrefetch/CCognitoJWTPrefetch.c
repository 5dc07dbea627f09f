#include "CCognitoJWTPrefetch.h"
