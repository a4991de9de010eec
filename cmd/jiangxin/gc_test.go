package main

import (
	"io"
	"testing"
)

func TestGCSettings(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want gcSettings
	}{
		{"defaults", nil, nil, gcSettings{percent: 400, memoryLimit: 2048 << 20}},
		{"flags", []string{"--gc-percent", "150", "--memory-limit-mib", "512"}, nil, gcSettings{percent: 150, memoryLimit: 512 << 20}},
		{"environment defaults", nil, map[string]string{"JIANGXIN_GC_PERCENT": "200", "JIANGXIN_MEMORY_LIMIT_MIB": "300"},
			gcSettings{percent: 200, memoryLimit: 300 << 20}},
		{"zero keeps Go's defaults", []string{"--gc-percent", "0", "--memory-limit-mib", "0"}, nil, gcSettings{percent: -1, memoryLimit: -1}},
		{"GOGC and GOMEMLIMIT win", []string{"--gc-percent", "150"}, map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"},
			gcSettings{percent: -1, memoryLimit: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string { return tc.env[k] }
			m := NewMain(io.Discard, io.Discard)
			if err := m.ParseFlags(tc.args, getenv); err != nil {
				t.Fatal(err)
			}
			if got := m.Config.GC.Settings(getenv); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	t.Run("negative is refused", func(t *testing.T) {
		m := NewMain(io.Discard, io.Discard)
		if err := m.ParseFlags([]string{"--gc-percent", "-1"}, func(string) string { return "" }); err == nil {
			t.Fatal("accepted --gc-percent -1")
		}
	})
}
