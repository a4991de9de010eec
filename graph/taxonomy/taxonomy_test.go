package taxonomy

import (
	"slices"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	skills, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	byDepth := map[int]int{}
	byCode := map[string]int{}
	for i, s := range skills {
		byDepth[s.Depth]++
		if _, dup := byCode[s.Code]; dup {
			t.Fatalf("duplicate code %s", s.Code)
		}
		byCode[s.Code] = i
	}
	// 1,634 occupations less the two level-4 codes listed twice; 336 小类 less one twice-listed.
	want := map[int]int{1: 8, 2: 73, 3: 334, 4: 1632}
	for d, n := range want {
		if byDepth[d] < n-2 || byDepth[d] > n+2 {
			t.Errorf("depth %d: %d skills, want about %d", d, byDepth[d], n)
		}
	}
	for _, s := range skills {
		if s.ParentCode == "" {
			continue
		}
		if _, ok := byCode[s.ParentCode]; !ok {
			t.Errorf("%s %s: parent %s not in catalogue", s.Code, s.Name, s.ParentCode)
		}
	}

	tests := []struct {
		name      string
		code      string
		wantName  string
		alias     string
		task      string
		digital   bool
		green     bool
		parentPre string
	}{
		{name: "welder", code: "6-18-02-04", wantName: "焊工", alias: "氩弧焊工", task: "设定焊接参数", parentPre: "6-18-02-00"},
		{name: "markers stripped", code: "2-02-01-02", wantName: "地球物理地球化学与遥感勘查工程技术人员", digital: true, green: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i, ok := byCode[tc.code]
			if !ok {
				t.Fatalf("code %s missing", tc.code)
			}
			s := skills[i]
			if s.Name != tc.wantName {
				t.Errorf("name = %q, want %q", s.Name, tc.wantName)
			}
			if tc.alias != "" && !slices.Contains(s.Aliases, tc.alias) {
				t.Errorf("aliases %v lack %q", s.Aliases, tc.alias)
			}
			if slices.Contains(s.Aliases, s.Name) {
				t.Errorf("aliases %v repeat the name", s.Aliases)
			}
			if tc.task != "" && (len(s.Tasks) == 0 || s.Tasks[0] != tc.task) {
				t.Errorf("tasks = %v, want first %q", s.Tasks, tc.task)
			}
			if s.Digital != tc.digital || s.Green != tc.green {
				t.Errorf("digital,green = %v,%v want %v,%v", s.Digital, s.Green, tc.digital, tc.green)
			}
			if tc.parentPre != "" && s.ParentCode != tc.parentPre {
				t.Errorf("parent = %q, want %q", s.ParentCode, tc.parentPre)
			}
			if strings.HasSuffix(s.Name, "S") || strings.HasSuffix(s.Name, "L") {
				t.Errorf("marker left in %q", s.Name)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"missing column": "level,code,name\n4,6-18-02-04,焊工\n",
		"bad level":      "level,code,name,definition,tasks,alias\nx,6-18-02-04,焊工,,,\n",
		"bad code":       "level,code,name,definition,tasks,alias\n4,618,焊工,,,\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(strings.NewReader(in)); err == nil {
				t.Fatal("want error")
			}
		})
	}
}
