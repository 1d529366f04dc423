package revision

import "sync"

// memo holds results that checks derive from a file once and share, such
// as parsed SQL, so that several rules do not repeat the work.
type memo struct {
	mu sync.Mutex
	m  map[string]any
}

// Memo returns the value stored under key, computing it with fn the first
// time. It is safe for concurrent use; fn must not call Memo on the same
// file.
func (f *File) Memo(key string, fn func() any) any {
	f.memo.mu.Lock()
	defer f.memo.mu.Unlock()
	if v, ok := f.memo.m[key]; ok {
		return v
	}
	v := fn()
	if f.memo.m == nil {
		f.memo.m = map[string]any{}
	}
	f.memo.m[key] = v
	return v
}
