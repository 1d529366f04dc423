package migration

import (
	"fmt"
	"sync"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
)

// parseSQL returns what pg.Parse returns, the first time a text is
// parsed and every time after, on any goroutine.
func TestParseSQLIsPgParse(t *testing.T) {
	texts := []string{
		"SET LOCAL lock_timeout = '5s'",
		"UPDATE t SET c = 'x' WHERE c IS NULL; DELETE FROM u",
		"ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT now()",
		"SELECT 1 WHERE 1 = 1",
		"CREATE INDEX CONCURRENTLY ix ON t (c)",
		"NOT SQL AT ALL (",
		"",
	}
	for i := range 50 {
		texts = append(texts, fmt.Sprintf("UPDATE t%d SET c = %d WHERE id < %d", i, i, i*10))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 3 {
				for _, s := range texts {
					want, wantErr := pg.Parse(s)
					got, err := parseSQL(s)
					if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() || !proto.Equal(got, want) {
						t.Errorf("goroutine %d, round %d, %q: %v (%v), pg.Parse %v (%v)", g, round, s, got, err, want, wantErr)
					}
				}
			}
		})
	}
	wg.Wait()
	if _, ok := sqlParses.kept["SET LOCAL lock_timeout = '5s'"]; !ok {
		t.Errorf("a text parsed again is not kept")
	}
}
