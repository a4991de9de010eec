package main

import (
	"flag"
	"runtime/debug"
)

// GCConfig tunes the Go garbage collector of `serve`.
//
// The server keeps a large, long-lived heap (the search index, caches, the store's pages) and
// allocates a little per request. With Go's default GOGC=100 each collection marks that whole
// live heap once per live-heap's worth of allocation, which on the demo city cost more per
// request than anything else outside the GraphQL executor: { __typename } at 16 clients went
// from 0.50 to 0.65 of a plain net/http handler's throughput with GOGC=400 (RSS 60 → 88 MiB).
// A soft memory limit keeps the larger heap bounded: the collector works harder as the heap
// nears it.
type GCConfig struct {
	Percent        int // GOGC; 0 keeps Go's default (--gc-percent, JIANGXIN_GC_PERCENT)
	MemoryLimitMiB int // soft limit; 0: none (--memory-limit-mib, JIANGXIN_MEMORY_LIMIT_MIB)
}

var defaultGC = GCConfig{Percent: 400, MemoryLimitMiB: 2048}

func gcFlags(fs *flag.FlagSet, c *GCConfig, getenv func(string) string) {
	fs.IntVar(&c.Percent, "gc-percent", envInt(getenv, "JIANGXIN_GC_PERCENT", c.Percent),
		"garbage collector target percentage (as GOGC; 0: Go's default); GOGC in the environment wins (JIANGXIN_GC_PERCENT)")
	fs.IntVar(&c.MemoryLimitMiB, "memory-limit-mib", envInt(getenv, "JIANGXIN_MEMORY_LIMIT_MIB", c.MemoryLimitMiB),
		"soft memory limit of the Go heap in MiB (0: none); GOMEMLIMIT in the environment wins (JIANGXIN_MEMORY_LIMIT_MIB)")
}

// gcSettings are the values to apply; a negative value leaves that setting alone.
type gcSettings struct {
	percent     int
	memoryLimit int64 // bytes
}

// Settings returns what to apply: nothing where GOGC or GOMEMLIMIT is set in the environment
// (Go has applied them) or where the configuration keeps Go's default.
func (c GCConfig) Settings(getenv func(string) string) gcSettings {
	s := gcSettings{percent: -1, memoryLimit: -1}
	if getenv("GOGC") == "" && c.Percent > 0 {
		s.percent = c.Percent
	}
	if getenv("GOMEMLIMIT") == "" && c.MemoryLimitMiB > 0 {
		s.memoryLimit = int64(c.MemoryLimitMiB) << 20
	}
	return s
}

// applyGC applies s to the running process.
func applyGC(s gcSettings) {
	if s.percent >= 0 {
		debug.SetGCPercent(s.percent)
	}
	if s.memoryLimit >= 0 {
		debug.SetMemoryLimit(s.memoryLimit)
	}
}
