package rules

import (
	"regexp"
	"testing"
)

// setsLockTimeout scans for "lock_timeout" by hand; it must answer as the
// case-insensitive regexp it replaces, Unicode folding included.
func TestSetsLockTimeoutMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`(?i)lock_timeout`)
	for _, s := range []string{
		"", "lock_timeout", "LOCK_TIMEOUT", "x lOcK_TiMeOut=1", "_timeout", "lock_", "_lock_timeout_",
		"loc_timeout", "lock_timeou", "lock__timeout", "a_b_lock_timeout", "lock_timeoutx", "lock-timeout",
		"SET LOCAL lock_timeout = '5s'", "lo\u212a_timeout", "\u212a lock", "lock_\u212atimeout",
	} {
		if got, want := setsLockTimeout([]byte(s)), re.MatchString(s); got != want {
			t.Errorf("setsLockTimeout(%q) = %v, the regexp says %v", s, got, want)
		}
	}
}
