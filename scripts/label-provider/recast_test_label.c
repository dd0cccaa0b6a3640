/*
 * A security label provider for Recast's tests: PostgreSQL accepts SECURITY LABEL only for a provider
 * that a loaded module registered (sepgsql in production). This one, "recast_test", accepts every
 * label but "forbidden", so the tests can set labels on tables and columns and see them copied.
 * Built and installed for the local server by scripts/label-provider.sh; loaded per database with
 * session_preload_libraries by the test that needs it.
 */
#include "postgres.h"

#include "commands/seclabel.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

void _PG_init(void);

static void
recast_test_label_check(const ObjectAddress *object, const char *seclabel)
{
	if (seclabel != NULL && strcmp(seclabel, "forbidden") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" is not a valid security label", seclabel)));
}

void
_PG_init(void)
{
	register_label_provider("recast_test", recast_test_label_check);
}
