package gql

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"jiangxin/graph"
)

// skillStore is a Store whose only working method is GetManySkills, over a fixed catalogue; it
// records the codes of every call.
type skillStore struct {
	graph.Store
	skills map[string]graph.Skill
	err    error

	mu    sync.Mutex
	calls [][]string
}

func (s *skillStore) GetManySkills(_ context.Context, codes []string) ([]graph.Skill, error) {
	s.mu.Lock()
	s.calls = append(s.calls, append([]string(nil), codes...))
	s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	var out []graph.Skill
	for _, c := range codes {
		if sk, ok := s.skills[c]; ok {
			out = append(out, sk)
		}
	}
	return out, nil
}

func TestSkillCache(t *testing.T) {
	welder := graph.Skill{Code: "6-18-02-04", Name: "焊工", Depth: 4}
	turner := graph.Skill{Code: "6-18-01-01", Name: "车工", Depth: 4}
	codes := func(ss []graph.Skill) []string {
		out := []string{}
		for _, s := range ss {
			out = append(out, s.Code)
		}
		return out
	}
	type step struct {
		after     time.Duration // clock advance before the call
		codes     []string
		want      []string   // codes returned, in order
		wantFetch [][]string // store calls made by this step
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"second read is served from the cache", []step{
			{codes: []string{welder.Code}, want: []string{welder.Code}, wantFetch: [][]string{{welder.Code}}},
			{after: 30 * time.Second, codes: []string{welder.Code}, want: []string{welder.Code}},
		}},
		{"only missing codes are fetched, order kept", []step{
			{codes: []string{welder.Code}, want: []string{welder.Code}, wantFetch: [][]string{{welder.Code}}},
			{codes: []string{turner.Code, welder.Code}, want: []string{turner.Code, welder.Code}, wantFetch: [][]string{{turner.Code}}},
		}},
		{"entries expire after the ttl", []step{
			{codes: []string{welder.Code}, want: []string{welder.Code}, wantFetch: [][]string{{welder.Code}}},
			{after: time.Minute, codes: []string{welder.Code}, want: []string{welder.Code}, wantFetch: [][]string{{welder.Code}}},
		}},
		{"unknown codes are skipped and never cached", []step{
			{codes: []string{"9-99-99-99", welder.Code}, want: []string{welder.Code}, wantFetch: [][]string{{"9-99-99-99", welder.Code}}},
			{codes: []string{"9-99-99-99"}, want: []string{}, wantFetch: [][]string{{"9-99-99-99"}}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &skillStore{skills: map[string]graph.Skill{welder.Code: welder, turner.Code: turner}}
			now := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
			c := newSkillCache(SkillCacheTTL, func() time.Time { return now })
			for i, s := range tc.steps {
				now = now.Add(s.after)
				before := len(st.calls)
				got, err := c.getMany(context.Background(), st, s.codes)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if !reflect.DeepEqual(codes(got), s.want) {
					t.Errorf("step %d: got %v, want %v", i, codes(got), s.want)
				}
				if fetched := st.calls[before:]; !(len(fetched) == 0 && len(s.wantFetch) == 0) && !reflect.DeepEqual(fetched, s.wantFetch) {
					t.Errorf("step %d: store calls %v, want %v", i, fetched, s.wantFetch)
				}
			}
		})
	}
	t.Run("store errors pass through and cache nothing", func(t *testing.T) {
		boom := errors.New("boom")
		st := &skillStore{err: boom}
		c := newSkillCache(SkillCacheTTL, time.Now)
		if _, err := c.getMany(context.Background(), st, []string{welder.Code}); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if len(c.m) != 0 {
			t.Fatalf("cache holds %d entries after an error", len(c.m))
		}
	})
}
