package revision

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"
)

func TestZZLoadMem(t *testing.T) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		t.Skip()
	}
	runtime.GC()
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	start := time.Now()
	p, err := LoadHeaders(dir)
	if err != nil {
		t.Fatal(err)
	}
	el := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&b)
	src := 0
	for _, f := range p.Files {
		src += len(f.Src)
	}
	t.Logf("load %v files %d live %d MB src %d MB, numgc %d", el, len(p.Files), (b.HeapAlloc-a.HeapAlloc)>>20, src>>20, b.NumGC-a.NumGC)
	if out := os.Getenv("ZZHEAP"); out != "" {
		fh, _ := os.Create(out)
		pprof.WriteHeapProfile(fh)
		fh.Close()
	}
	runtime.KeepAlive(p)
}

func BenchmarkZZ(b *testing.B) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		b.Skip()
	}
	p, _ := Discover(dir)
	paths, _ := p.RevisionPaths()
	var srcs [][]byte
	n := 0
	for _, pa := range paths {
		s, _ := os.ReadFile(pa)
		srcs = append(srcs, s)
		n += len(s)
	}
	b.Run("read", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, pa := range paths {
				os.ReadFile(pa)
			}
		}
	})
	b.Run("tokenize", func(b *testing.B) {
		b.SetBytes(int64(n))
		for i := 0; i < b.N; i++ {
			for _, s := range srcs {
				WithTokens(s, func([]Token) {})
			}
		}
	})
	b.Run("headers", func(b *testing.B) {
		b.SetBytes(int64(n))
		for i := 0; i < b.N; i++ {
			for j, s := range srcs {
				ParseHeaders(paths[j], s)
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		b.SetBytes(int64(n))
		for i := 0; i < b.N; i++ {
			for j, s := range srcs {
				Parse(paths[j], s)
			}
		}
	})
}
